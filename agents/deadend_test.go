package agents_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// maxDeadEndSteps is the longest stretch a run may spend with texts unsigned
// and none that could be tabled: four weekly steps, the time UN observers
// take to deploy before the Joint Commission can be negotiated.
const maxDeadEndSteps = 4

// TestNoBuiltinScenarioHasADeadEnd runs 1,000 runs of every built-in
// scenario and fails if any run spends more than maxDeadEndSteps steps with
// texts unsigned and nothing that could be tabled: a state from which no
// agreement can follow, whatever the parties want. (The model before v2 had
// one: after a second collapse of the ceasefire nothing could be tabled for
// the rest of the span.)
func TestNoBuiltinScenarioHasADeadEnd(t *testing.T) {
	runs := 1000
	switch {
	case racetest.Enabled:
		// 13,000 runs under the race detector take minutes; `make test`
		// runs this test again without it (make ensembles).
		t.Skip("heavy ensemble: run without -race (make ensembles)")
	case testing.Short():
		runs = 200
	}
	for _, name := range scenarios.Builtin() {
		t.Run(name, func(t *testing.T) {
			res, err := scenarios.Load(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			m := agents.New(res.Scenario)
			results, err := sim.Ensemble(context.Background(), m, 1, runs, 2, sim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			bad, worst := 0, 0
			for _, r := range results {
				if r.DeadEndSteps > maxDeadEndSteps {
					bad++
				}
				worst = max(worst, r.DeadEndSteps)
			}
			if bad > 0 {
				t.Errorf("%d of %d runs were stuck with nothing to table for more than %d steps (longest %d)",
					bad, runs, maxDeadEndSteps, worst)
			}
		})
	}
}

// TestTheCeasefireCanBeRestoredAgain: a ceasefire that collapses a second
// time puts the restoring text back on the table.
func TestTheCeasefireCanBeRestoredAgain(t *testing.T) {
	m := model(t)
	w := world(m)
	restore := issue(m, "ceasefire_restored")
	w.Issues[issue(m, "ceasefire")].Signed = true
	w.Issues[restore].Signed = true // restored once already
	w.Ceasefire.Signed, w.Ceasefire.Collapsed = true, true
	if !m.Mediator.Open(w) {
		t.Fatal("after a second collapse nothing can be tabled")
	}
	items := m.Mediator.Table(w, 2, newRand())
	if len(items) == 0 || items[0] != restore {
		t.Errorf("after a second collapse the mediator tables %v, want the restoring text (%d) first", items, restore)
	}
	if len(items) < 2 {
		t.Errorf("during the collapse only %d text can be tabled; other texts should stay negotiable", len(items))
	}
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(5, 6)) }
