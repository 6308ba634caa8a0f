package plots

import (
	"strings"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		labels   string // the labelled ticks, in order
	}{
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0, 100, "0 20 40 60 80 100"},
		{0.27, 0.34, "0.28 0.30 0.32 0.34"},
		{-3, 3, "-2 0 2"},
		{-1, 0.5, "-1.0 -0.5 0.0 0.5"},
		{1e-5, 5e-5, "0.00001 0.00002 0.00003 0.00004 0.00005"},
		{2, 2, "2"},
	}
	for _, tc := range tests {
		var labels []string
		for _, tk := range (niceTicks{}).Ticks(tc.min, tc.max) {
			if tk.Label != "" {
				if tk.Value < tc.min || tk.Value > tc.max {
					t.Errorf("[%v, %v]: tick %v outside the axis", tc.min, tc.max, tk.Value)
				}
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tc.labels {
			t.Errorf("[%v, %v]: labels %q, want %q", tc.min, tc.max, got, tc.labels)
		}
	}
}
