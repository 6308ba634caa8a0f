package summary

import (
	"math"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func setup(t *testing.T) (*scenarios.Scenario, *history.Sequence) {
	t.Helper()
	res, err := scenarios.Load("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	hist, err := history.Load()
	if err != nil {
		t.Fatal(err)
	}
	return res.Scenario, hist
}

func row(tb Table, id string) Row {
	for _, r := range tb.Rows {
		if r.ID == id {
			return r
		}
	}
	return Row{}
}

func TestQuantilesCountUnreachedRunsAsLate(t *testing.T) {
	sc, hist := setup(t)
	// Ten runs: the ceasefire on day 1..10 of September 1994 in runs 0-5 and
	// never in runs 6-9; the General Agreement in 4 runs of 10.
	var rs []*sim.Result
	for i := range 10 {
		r := sim.NewResult(sc, 1, i)
		if i < 6 {
			r.Reach("ceasefire", day("1994-09-01").AddDate(0, 0, i), "Tehran", 0.5, 1)
		}
		if i < 4 {
			r.Reach("general_agreement", day("1997-06-27"), "Moscow", 0.5, 1)
		}
		rs = append(rs, r)
	}
	tb := Summarise(sc, 1, rs, hist)
	cf := row(tb, "ceasefire")
	if cf.Reached != 0.6 {
		t.Errorf("ceasefire reached %.2f, want 0.6", cf.Reached)
	}
	if cf.Q10 == nil || !cf.Q10.Equal(day("1994-09-01")) {
		t.Errorf("q10 %v, want 1994-09-01", cf.Q10)
	}
	// The lower empirical median of 10 values is the 5th smallest.
	if cf.Median == nil || !cf.Median.Equal(day("1994-09-05")) {
		t.Errorf("median %v, want 1994-09-05", cf.Median)
	}
	if cf.Q90 != nil {
		t.Errorf("q90 %v falls among unreached runs and must be empty", cf.Q90)
	}
	if e := *cf.ErrorDays; e != -12 {
		t.Errorf("error %v days, want -12 (historical 1994-09-17)", e)
	}
	ga := row(tb, "general_agreement")
	if ga.Median != nil || ga.Reached != 0.4 {
		t.Errorf("general agreement in 4 of 10 runs: median %v reached %.2f, want no median", ga.Median, ga.Reached)
	}
	for _, tr := range tb.Terms {
		if tr.ID == "uto_share_posts" && (tr.Runs != 0 || tr.Median != nil) {
			t.Errorf("no political protocol signed, yet term %+v", tr)
		}
	}
}

func TestInHistoricalOrder(t *testing.T) {
	sc, hist := setup(t)
	ok := sim.NewResult(sc, 1, 0)
	ok.Reach("ceasefire", day("1994-09-17"), "", 0.5, 1)
	ok.Reach("joint_commission", day("1994-11-01"), "", 0.5, 1)
	ok.Reach("prisoner_exchange", day("1994-11-01"), "", 0.5, 1) // a tie is not an inversion
	if !InHistoricalOrder(ok, hist) {
		t.Error("an ordered run was judged out of order")
	}
	bad := sim.NewResult(sc, 1, 1)
	bad.Reach("ceasefire", day("1994-09-17"), "", 0.5, 1)
	bad.Reach("refugees", day("1995-01-01"), "", 0.5, 1)
	bad.Reach("military", day("1994-12-01"), "", 0.5, 1)
	if InHistoricalOrder(bad, hist) {
		t.Error("military before refugees was judged in order")
	}
	tb := Summarise(sc, 1, []*sim.Result{ok, bad}, hist)
	if tb.InOrder != 0.5 {
		t.Errorf("share in order %.2f, want 0.5", tb.InOrder)
	}
}

func TestTermsMedian(t *testing.T) {
	sc, hist := setup(t)
	var rs []*sim.Result
	for i, x := range []float64{0.4, 0.5, 0.6} {
		r := sim.NewResult(sc, 1, i)
		r.Reach("political", day("1997-05-18"), "Bishkek", x, 2)
		rs = append(rs, r)
	}
	tb := Summarise(sc, 1, rs, hist)
	for _, tr := range tb.Terms {
		if tr.ID != "uto_share_posts" {
			continue
		}
		// The term maps the point linearly from at_government to at_opposition.
		var pol scenarios.Issue
		for _, is := range sc.Agenda {
			if is.ID == "political" {
				pol = is
			}
		}
		want := sim.TermValue(pol.Terms[0], 0.5)
		if tr.Runs != 3 || tr.Median == nil || math.Abs(*tr.Median-want) > 1e-12 {
			t.Errorf("term %+v, want median %g over 3 runs", tr, want)
		}
		if tr.Historical == nil || *tr.Historical != 0.3 {
			t.Errorf("historical share %v, want 0.3", tr.Historical)
		}
	}
}

func TestWilson(t *testing.T) {
	// Reference: the Wilson interval for 5 of 10 at 95% is 0.2366..0.7634.
	lo, hi := Wilson(5, 10)
	if math.Abs(lo-0.2366) > 1e-3 || math.Abs(hi-0.7634) > 1e-3 {
		t.Errorf("Wilson(5,10) = %.4f..%.4f, want 0.2366..0.7634", lo, hi)
	}
	if lo, hi := Wilson(0, 20); lo != 0 || hi < 0.1 || hi > 0.2 {
		t.Errorf("Wilson(0,20) = %.4f..%.4f", lo, hi)
	}
}

func TestRobustSaysWhichWayThePairsGo(t *testing.T) {
	d := func(day int) time.Time { return time.Date(1997, 1, day, 0, 0, 0, 0, time.UTC) }
	never := time.Time{}
	a := NewArm("a", 1, []time.Time{d(10), d(10), d(10), d(10), d(10), never}, nil)
	tests := []struct {
		name                      string
		b                         []time.Time
		median, same, later, earl float64
	}{
		{"mostly later", []time.Time{d(12), d(13), d(14), d(9), d(11), never}, 2, 4.0 / 6, 4.0 / 6, 1.0 / 6},
		{"no shift at the median", []time.Time{d(12), d(10), d(10), d(9), d(10), d(8)}, 0, 0.5, 1.0 / 6, 1.0 / 3},
	}
	for _, tt := range tests {
		r := Robust(a, NewArm("b", 1, tt.b, nil))
		if math.Signbit(r.Median) != math.Signbit(tt.median) || (r.Median == 0) != (tt.median == 0) || math.Abs(r.SameSign-tt.same) > 1e-12 || math.Abs(r.Later-tt.later) > 1e-12 || math.Abs(r.Earlier-tt.earl) > 1e-12 {
			t.Errorf("%s: median %g, same %g, later %g, earlier %g; want %g, %g, %g, %g", tt.name, r.Median, r.SameSign, r.Later, r.Earlier,
				tt.median, tt.same, tt.later, tt.earl)
		}
	}
}
