package patterns_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

func scenario(t *testing.T) *scenarios.Scenario {
	t.Helper()
	tpl, err := scenarios.NewTemplate("endogenous")
	if err != nil {
		t.Fatal(err)
	}
	res, err := tpl.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Scenario
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayNumber(s string) float64 { return float64(day(s).Unix() / 86400) }

// run makes a result that reached the given milestones on the given dates.
func run(sc *scenarios.Scenario, reached map[string]string) *sim.Result {
	r := sim.NewResult(sc, 1, 0)
	r.PeaceTurns = make([]time.Time, len(sc.Observers))
	for id, d := range reached {
		r.Reach(id, day(d), "", math.NaN(), 1)
	}
	return r
}

func TestDistance(t *testing.T) {
	sc := scenario(t)
	target := patterns.Target{Name: "t",
		Milestones: map[string]float64{"ceasefire": dayNumber("1994-09-17"), "joint_commission": dayNumber("1994-11-01")},
		InOrder:    1, CollapseRestored: math.NaN(), Terms: map[string]float64{}}
	ceasefireOnly := patterns.Selection{Milestones: true}
	for _, tc := range []struct {
		name     string
		runs     []map[string]string
		sel      patterns.Selection
		want     float64
		censored int
	}{
		{"on the day", []map[string]string{{"ceasefire": "1994-09-17", "joint_commission": "1994-11-01"}}, ceasefireOnly, 0, 0},
		// 91 days late on one of two: error 1 and 0, RMS √(1/2).
		{"a quarter late", []map[string]string{{"ceasefire": "1994-12-17", "joint_commission": "1994-11-01"}}, ceasefireOnly, math.Sqrt(0.5), 0},
		// Never reached in half the runs: the cap, 4.
		{"never", []map[string]string{{"ceasefire": "1994-09-17"}, {"ceasefire": "1994-09-17"}}, ceasefireOnly, math.Sqrt(16.0 / 2), 1},
		// Out of order in every run: order error (1-0)/0.2 = 5, capped at
		// 4 (the only pattern selected, so its weight cancels).
		{"out of order", []map[string]string{{"ceasefire": "1994-11-06", "joint_commission": "1994-10-17"}},
			patterns.Selection{Order: true}, 4, 0},
	} {
		var rs []*sim.Result
		for _, m := range tc.runs {
			rs = append(rs, run(sc, m))
		}
		got, censored, parts := target.Distance(tc.sel, sc, rs)
		if math.Abs(got-tc.want) > 1e-12 || censored != tc.censored {
			t.Errorf("%s: distance %g (censored %d), want %g (%d); parts %+v", tc.name, got, censored, tc.want, tc.censored, parts)
		}
	}
}

func TestWindowsAndCollapse(t *testing.T) {
	sc := scenario(t)
	russia := -1
	for i, o := range sc.Observers {
		if o.ID == "russia" {
			russia = i
		}
	}
	target := patterns.Target{Name: "t", InOrder: math.NaN(), CollapseRestored: 1, Windows: patterns.HistoricalWindows()}
	for _, tc := range []struct {
		name                 string
		turn, offensive      string
		collapse, restore    string
		wantTurn, wantOff    float64
		wantCollapseRestored float64
	}{
		{"inside both windows", "1994-03-01", "1996-03-01", "1996-07-01", "1996-12-01", 0, 0, 0},
		{"a quarter early and never", "1993-04-01", "", "1996-07-01", "", 91.0 / 91, 4, 4},
		{"restored before it collapsed", "1995-03-31", "1996-10-13", "1996-07-01", "1996-06-01", 90.0 / 91, 90.0 / 91, 4},
	} {
		r := run(sc, map[string]string{})
		if tc.turn != "" {
			r.PeaceTurns[russia] = day(tc.turn)
		}
		if tc.offensive != "" {
			r.Offensives[sim.UTO] = day(tc.offensive)
		}
		if tc.collapse != "" {
			r.Reach(sim.Collapse, day(tc.collapse), "", math.NaN(), 0)
		}
		if tc.restore != "" {
			r.Reach(patterns.Restored, day(tc.restore), "", math.NaN(), 1)
		}
		_, _, parts := target.Distance(patterns.All, sc, []*sim.Result{r})
		got := map[string]float64{}
		for _, p := range parts {
			got[p.Pattern] = p.Error
		}
		want := map[string]float64{"russia_turns_to_peace": tc.wantTurn, "uto_offensive_in_ceasefire": tc.wantOff,
			"collapse_then_restored": min(4, tc.wantCollapseRestored)}
		if tc.wantCollapseRestored == 4 {
			want["collapse_then_restored"] = 4 // (1-0)/0.2 = 5, capped
		}
		for k, w := range want {
			if math.Abs(got[k]-w) > 1e-9 {
				t.Errorf("%s: %s error %g, want %g", tc.name, k, got[k], w)
			}
		}
	}
}

// TestUntilKeepsOnlyWhatWasKnown: fitted to the end of 1995, the target
// keeps the milestones dated by then and the pattern of Russia's turn
// (1993-94), and drops the collapse, the terms of 1997 and the offensive of
// 1996; the order counts only milestones dated by then.
func TestUntilKeepsOnlyWhatWasKnown(t *testing.T) {
	hist, err := history.Load()
	if err != nil {
		t.Fatal(err)
	}
	full, err := patterns.History()
	if err != nil {
		t.Fatal(err)
	}
	cut := full.Until(dayNumber("1995-12-31"), hist)
	for id, d := range cut.Milestones {
		if d > dayNumber("1995-12-31") {
			t.Errorf("kept %s, dated after the cut", id)
		}
	}
	if _, ok := cut.Milestones["fundamental_principles"]; !ok || len(cut.Milestones) != 5 {
		t.Errorf("kept milestones %v, want the five of 1994-95", cut.Milestones)
	}
	if len(cut.Terms) != 0 || !math.IsNaN(cut.CollapseRestored) {
		t.Errorf("kept terms %v and collapse %v, want none", cut.Terms, cut.CollapseRestored)
	}
	if len(cut.Windows) != 1 || cut.Windows[0].Name != "russia_turns_to_peace" {
		t.Errorf("kept windows %v, want Russia's turn only", cut.Windows)
	}
	// That the collapse had not happened by the end of 1995 was known then:
	// a run collapsing in October 1995 is 91 days early.
	if len(cut.NotBefore) != 8 || cut.NotBefore["ceasefire_collapse"] != dayNumber("1995-12-31") {
		t.Errorf("not-before patterns %v, want the eight milestones of 1996-97 at the cut", cut.NotBefore)
	}
	early := run(scenario(t), map[string]string{"ceasefire_collapse": "1995-10-01"})
	_, _, ps := cut.Distance(patterns.Selection{Milestones: true}, scenario(t), []*sim.Result{early})
	for _, p := range ps {
		if p.Pattern == "not_before:ceasefire_collapse" && math.Abs(p.Error-91.0/91) > 1e-9 {
			t.Errorf("a collapse on 1995-10-01 is %g quarters early, want 1", p.Error)
		}
		if p.Pattern == "not_before:general_agreement" && p.Error != 0 {
			t.Errorf("a General Agreement never reached is %g early, want 0", p.Error)
		}
	}
	// A run that signs the General Agreement before the ceasefire is out of
	// order in full, but in order among what was known by 1995.
	sc := scenario(t)
	r := run(sc, map[string]string{"ceasefire": "1994-09-17", "general_agreement": "1994-01-01"})
	_, _, parts := full.Distance(patterns.Selection{Order: true}, sc, []*sim.Result{r})
	_, _, partsCut := cut.Distance(patterns.Selection{Order: true}, sc, []*sim.Result{r})
	if parts[0].Error != 4 || partsCut[0].Error != 0 {
		t.Errorf("order error %g in full and %g up to 1995, want 4 and 0", parts[0].Error, partsCut[0].Error)
	}
}

// TestFromResultsReproducesItself: a target made from an ensemble is at
// distance 0 from that ensemble, in every pattern.
func TestFromResultsReproducesItself(t *testing.T) {
	sc := scenario(t)
	res, err := sim.Ensemble(t.Context(), agents.New(sc), 3, 40, 2, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	target, err := patterns.FromResults("self", sc, res)
	if err != nil {
		t.Fatal(err)
	}
	d, _, parts := target.Distance(patterns.All, sc, res)
	if d != 0 {
		t.Errorf("distance %g to itself; parts %+v", d, parts)
	}
	if len(parts) < 15 {
		t.Errorf("%d patterns, want every milestone, term and pattern in words", len(parts))
	}
}

func TestUntilDate(t *testing.T) {
	full, err := patterns.History()
	if err != nil {
		t.Fatal(err)
	}
	got, err := full.UntilDate("1995-12-31")
	if err != nil {
		t.Fatal(err)
	}
	cutoff := float64(time.Date(1995, 12, 31, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	if len(got.Milestones) == 0 || len(got.Milestones) >= len(full.Milestones) {
		t.Errorf("kept %d of %d milestones, want some but not all", len(got.Milestones), len(full.Milestones))
	}
	for id, d := range got.Milestones {
		if d > cutoff {
			t.Errorf("%s, dated after the cutoff, kept", id)
		}
	}
	for _, bad := range []string{"1995-13-01", "31/12/1995", "1990-01-01"} {
		if _, err := full.UntilDate(bad); err == nil || !strings.Contains(err.Error(), "--fit-until") {
			t.Errorf("UntilDate(%q): %v, want an error naming --fit-until", bad, err)
		}
	}
}

// TestWeightsReplaceTheDocumentedOnes: a weight set by name changes that
// pattern's share of the distance (and only that pattern's), survives a
// cut-off, and changes the target's key; unknown names and bad weights are
// refused with the names the target has.
func TestWeightsReplaceTheDocumentedOnes(t *testing.T) {
	sc := scenario(t)
	target := patterns.Target{Name: "t",
		Milestones: map[string]float64{"ceasefire": dayNumber("1994-09-17"), "joint_commission": dayNumber("1994-11-01")},
		InOrder:    1, CollapseRestored: math.NaN(), Terms: map[string]float64{}}
	// The ceasefire a quarter early (error 1), the commission on the day
	// (0), both in order (0).
	rs := []*sim.Result{run(sc, map[string]string{"ceasefire": "1994-06-18", "joint_commission": "1994-11-01"})}
	sel := patterns.Selection{Milestones: true, Order: true}
	for _, tc := range []struct {
		name    string
		weights map[string]float64
		want    float64
	}{
		{"documented: 1 + 1 + order 4", nil, math.Sqrt(1.0 / 6)},
		{"the early milestone weighs 4", map[string]float64{"ceasefire": 4}, math.Sqrt(4.0 / 9)},
		{"the order weighs 0", map[string]float64{"historical_order": 0}, math.Sqrt(1.0 / 2)},
	} {
		w, err := target.WithWeights(tc.weights)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, _, parts := w.Distance(sel, sc, rs)
		if math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: distance %g, want %g (%+v)", tc.name, got, tc.want, parts)
		}
	}
	heavy, err := target.WithWeights(map[string]float64{"historical_order": 8})
	if err != nil {
		t.Fatal(err)
	}
	if heavy.Key() == target.Key() {
		t.Error("a target with other weights has the same key: a checkpoint of one would be resumed as the other")
	}
	hist, err := history.Load()
	if err != nil {
		t.Fatal(err)
	}
	if cut := heavy.Until(dayNumber("1995-12-31"), hist); cut.Weights["historical_order"] != 8 {
		t.Errorf("a cut-off dropped the weights: %v", cut.Weights)
	}
	for _, bad := range []map[string]float64{{"histrical_order": 8}, {"ceasefire": -1}, {"ceasefire": math.NaN()}, {"ceasefire": math.Inf(1)}} {
		_, err := target.WithWeights(bad)
		if err == nil {
			t.Errorf("weights %v accepted", bad)
			continue
		}
		if _, unknown := bad["histrical_order"]; unknown && !strings.Contains(err.Error(), "historical_order") {
			t.Errorf("weights %v: error %q does not list the patterns there are", bad, err)
		}
	}
}
