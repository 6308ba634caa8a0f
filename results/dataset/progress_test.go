package dataset

import (
	"math"
	"testing"
)

// TestProgressBands: four runs signing 0, 1, 2 and 2 of two texts by the
// last grid point; each band edge is the share of a run (the lower
// empirical quantile), and a text signed at a grid point counts there.
func TestProgressBands(t *testing.T) {
	perRun := [][]float64{nil, {10}, {5, 20}, {10, 10}}
	got := ProgressBands(perRun, 2, []float64{0, 5, 10, 20})
	want := [][5]float64{
		{0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0.5},
		{0, 0, 0.5, 0.5, 1},
		{0, 0, 0.5, 1, 1},
	}
	for g := range want {
		if got[g] != want[g] {
			t.Errorf("grid point %d: bands %v, want %v", g, got[g], want[g])
		}
	}
}

func TestLowerQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4}
	for _, c := range []struct{ p, want float64 }{{0, 1}, {0.05, 1}, {0.25, 1}, {0.26, 2}, {0.5, 2}, {0.75, 3}, {0.95, 4}, {1, 4}} {
		if got := LowerQuantile(xs, c.p); got != c.want {
			t.Errorf("LowerQuantile(%v, %g) = %g, want %g", xs, c.p, got, c.want)
		}
	}
	if !math.IsNaN(LowerQuantile(nil, 0.5)) {
		t.Error("the quantile of no values should be NaN")
	}
}
