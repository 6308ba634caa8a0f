package tajikpeace_test

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/paramtable"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/studies"
)

// cliffLimit is the largest change, in percentage points, of the share of
// runs with a General Agreement by the end of 1997 between neighbouring
// points of an 11-point sweep of a calibratable parameter's range.
const cliffLimit = 30

// namedThresholds are parameters whose sweep may jump by more than
// cliffLimit because the sources imply a threshold there; docs/model.md
// section 12 names each with its passage. The jump must lie at or below
// upTo: a jump elsewhere in the range is still a defect.
var namedThresholds = map[string]struct {
	upTo    float64
	passage string
}{
	// Operations at the threshold are the leadership's own offensive and end
	// a ceasefire. Set at or below what the opposition mounts in a truce
	// (0.16-0.27 in 1995, run 0 of the endogenous calendar), every week of
	// a ceasefire is an offensive and none holds; 002 says one held: "For
	// more than a year after the signing of the ceasefire agreement there
	// was no serious, sustained fighting in the country."
	"mechanisms.battlefield.offensive_threshold": {0.2, `002 "General Agreement and Expansion of UNMOT"`},
}

// knownCliffs are the jumps the model still has, with the size measured
// when it was last fitted (points; model v2.1, 3 December 2026). They are
// defects, not findings: issue #10 stays open until they are gone. The test
// fails on any other parameter that jumps by more than cliffLimit and on a
// known cliff that grows by more than 10 points. (Model v2.1 added the
// UTO's recruitment, at 31.3 points, to v2's six; the offensive threshold's
// jump is a named threshold, namedThresholds.)
var knownCliffs = map[string]float64{
	"parties.uto.willingness.pressure":         37.3,
	"parties.uto.willingness.prospect":         40.7,
	"parties.uto.recruitment":                  31.3,
	"mechanisms.battlefield.mountain_factor":   100,
	"parties.government.willingness.depletion": 96.7,
	"calendar.readiness":                       86.0,
}

// Every sweep has 11 evenly spaced points of a parameter's documented
// range, 150 runs each.
const sweepPoints, sweepRuns = 11, 150

// jump is the largest change between neighbouring points of a sweep of the
// share of runs with a General Agreement by the end of 1997 (percent).
type jump struct {
	path           string
	from, to       float64
	shareA, shareB float64
}

func (j jump) size() float64 { return math.Abs(j.shareB - j.shareA) }

// largestJump sweeps row's range and returns its largest jump (the first
// of equals; the first pair of points if nothing changes); ensemble
// plays the runs of one point given its override (path=value).
func largestJump(t *testing.T, r paramtable.Row, ensemble func(set string) ([]*sim.Result, error)) jump {
	t.Helper()
	end := time.Date(1997, 12, 31, 0, 0, 0, 0, time.UTC)
	shares := make([]float64, sweepPoints)
	values := r.Points(sweepPoints, scenarios.WholeNumber(r.Path))
	for k, v := range values {
		res, err := ensemble(r.Path + "=" + strconv.FormatFloat(v, 'g', 6, 64))
		if err != nil {
			t.Fatalf("%s=%g: %v", r.Path, v, err)
		}
		n := 0
		for _, x := range res {
			if ga, _ := x.Milestone("general_agreement"); ga.Reached && !ga.Date.After(end) {
				n++
			}
		}
		shares[k] = 100 * float64(n) / float64(len(res))
	}
	worst := jump{r.Path, values[0], values[1], shares[0], shares[1]}
	for k := 2; k < sweepPoints; k++ {
		if j := (jump{r.Path, values[k-1], values[k], shares[k-1], shares[k]}); j.size() > worst.size() {
			worst = j
		}
	}
	return worst
}

// TestNoCliffs sweeps every calibratable parameter (docs/model.md section
// 10) over its documented range, 11 evenly spaced points, 150 runs each
// under common random numbers on the endogenous calendar, and fails where
// the share of runs with a General Agreement by 31 Dec 1997 jumps by more
// than cliffLimit points between neighbouring values. The table it logs
// (go test -run TestNoCliffs -v) is docs/model.md section 12's.
func TestNoCliffs(t *testing.T) {
	// 46,200 runs: seconds without the race detector, many minutes with it.
	racetest.SkipHeavy(t)
	tmpl, err := scenarios.NewTemplate("endogenous")
	if err != nil {
		t.Fatal(err)
	}
	var table []jump
	for _, r := range paramtable.Rows() {
		worst := largestJump(t, r, func(set string) ([]*sim.Result, error) {
			sc, err := tmpl.Scenario([]string{set})
			if err != nil {
				return nil, err
			}
			return sim.Ensemble(context.Background(), agents.New(sc), 1, sweepRuns, 2, sim.Options{})
		})
		table = append(table, worst)
		d := worst.size()
		switch known, isKnown := knownCliffs[r.Path]; {
		case namedThresholds[r.Path].passage != "":
			if d > cliffLimit && worst.to > namedThresholds[r.Path].upTo {
				t.Errorf("%s: the named threshold's jump lies at %g -> %g, above %g where the sources put it",
					r.Path, worst.from, worst.to, namedThresholds[r.Path].upTo)
			}
		case isKnown && d > known+10:
			t.Errorf("%s: the known cliff grew from %.1f to %.1f points (%g -> %g: %.1f%% to %.1f%%)",
				r.Path, known, d, worst.from, worst.to, worst.shareA, worst.shareB)
		case !isKnown && d > cliffLimit:
			t.Errorf("%s: %g -> %g moves the share with a General Agreement by 1997 from %.1f%% to %.1f%% (limit %d points)",
				r.Path, worst.from, worst.to, worst.shareA, worst.shareB, cliffLimit)
		}
	}
	var b strings.Builder
	b.WriteString("| parameter | from | to | share before | share after | jump (points) |\n|---|---|---|---|---|---|\n")
	for _, j := range table {
		if j.size() == 0 {
			fmt.Fprintf(&b, "| `%s` | - | - | %.1f%% | %.1f%% | 0 (no change across the range) |\n", j.path, j.shareA, j.shareB)
			continue
		}
		fmt.Fprintf(&b, "| `%s` | %.4g | %.4g | %.1f%% | %.1f%% | %.1f |\n", j.path, j.from, j.to, j.shareA, j.shareB, j.size())
	}
	t.Log("largest jump of each parameter's sweep:\n" + b.String())
}

// TestCliffsUnderThePosterior is TestNoCliffs with what history does not
// pin down left uncertain: at each point of a parameter's sweep, run i
// draws every other parameter from the built-in posterior (the swept one
// is held at the point), so a jump that exists only at one parameter set
// is smoothed by the others a class cannot rule out, and one that survives
// is the model's. docs/model.md section 12 must print the table it gives
// (its rows with -v).
func TestCliffsUnderThePosterior(t *testing.T) {
	racetest.SkipHeavy(t)
	post, _, err := studies.LoadPosterior("posterior")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := scenarios.NewTemplate("endogenous")
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, r := range paramtable.Rows() {
		others := post.Without([]string{r.Path})
		j := largestJump(t, r, func(set string) ([]*sim.Result, error) {
			res, _, err := studies.PosteriorEnsemble(context.Background(), studies.NewModels(tmpl, []string{set}, others), 1, sweepRuns, 2)
			return res, err
		})
		row := []string{"`" + r.Path + "`", fmt.Sprintf("%.4g", j.from), fmt.Sprintf("%.4g", j.to),
			fmt.Sprintf("%.1f%%", j.shareA), fmt.Sprintf("%.1f%%", j.shareB), fmt.Sprintf("%.1f", j.size())}
		t.Logf("| %s |", strings.Join(row, " | "))
		got = append(got, row)
	}
	want := documented(t, "<!-- cliffs-posterior -->")
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("docs/model.md section 12's table under the posterior is not what the model gives:\ndocumented %v\nmodel      %v", want, got)
	}
}
