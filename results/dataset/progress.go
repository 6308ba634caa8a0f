package dataset

import (
	"math"
	"sort"
)

// ProgressBands gives, at each grid point, the 5%, 25%, 50%, 75% and 95%
// quantiles over runs of the share of total texts signed by then. perRun
// holds each run's signing times in ascending order, in grid's unit (Unix
// seconds for the command's figures and the classroom page alike, so both
// draw the same bands). The quantile is the lower empirical one: the
// smallest share that at least the fraction p of runs do not exceed, so
// every band edge is a share some run had.
func ProgressBands(perRun [][]float64, total int, grid []float64) [][5]float64 {
	q := make([][5]float64, len(grid))
	vals := make([]float64, len(perRun))
	for g, x := range grid {
		for r, signed := range perRun {
			vals[r] = float64(sort.SearchFloat64s(signed, x+1)) / float64(total)
		}
		sort.Float64s(vals)
		q[g] = [5]float64{LowerQuantile(vals, 0.05), LowerQuantile(vals, 0.25), LowerQuantile(vals, 0.5), LowerQuantile(vals, 0.75), LowerQuantile(vals, 0.95)}
	}
	return q
}

// LowerQuantile is the lower empirical p-quantile of sorted values (NaN if
// there are none).
func LowerQuantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
