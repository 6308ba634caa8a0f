// Package interval holds the confidence interval for a share that both the
// tables (package summary, sweeps) and the figures (package plots) draw, so
// that the figures need nothing of the simulation to draw it.
package interval

import "math"

// Wilson is the 95% Wilson score interval for k successes in n trials
// (Wilson 1927): unlike the normal approximation it stays inside 0..1 and
// is sensible for shares near 0 or 1 and for small n.
func Wilson(k, n float64) (float64, float64) {
	if n == 0 {
		return 0, 1
	}
	const z = 1.959964
	p := k / n
	den := 1 + z*z/n
	centre := (p + z*z/(2*n)) / den
	half := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / den
	return math.Max(0, centre-half), math.Min(1, centre+half)
}
