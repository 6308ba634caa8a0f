package studies

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// TestTypicalRunIsNearestTheMedian: the run a comparison tells has its
// General Agreement no farther from the median date than any other run.
func TestTypicalRunIsNearestTheMedian(t *testing.T) {
	res, err := scenarios.Load("endogenous", nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := sim.Ensemble(context.Background(), agents.New(res.Scenario), 1, 41, 2, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := func(r *sim.Result) float64 {
		if m, ok := r.Milestone("general_agreement"); ok && m.Reached {
			return float64(m.Date.Unix() / 86400)
		}
		return math.Inf(1)
	}
	var days []float64
	for _, r := range rs {
		days = append(days, day(r))
	}
	slices.Sort(days)
	median := days[20]
	best := day(rs[typicalRun(rs)])
	for i, r := range rs {
		if math.Abs(day(r)-median) < math.Abs(best-median) {
			t.Fatalf("run %d is nearer the median (%v) than the run told (%v)", i, day(r), best)
		}
	}
}
