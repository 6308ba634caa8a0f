package interval

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	tests := []struct {
		k, n, lo, hi float64
	}{
		{0, 0, 0, 1},
		{0, 10, 0, 0.2775},        // never: the interval still reaches 28%
		{10, 10, 0.7225, 1},       // always: symmetric to never
		{50, 100, 0.4038, 0.5962}, // textbook value
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > 1e-4 || math.Abs(hi-tt.hi) > 1e-4 {
			t.Errorf("Wilson(%g, %g) = %.4f..%.4f, want %.4f..%.4f", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}
