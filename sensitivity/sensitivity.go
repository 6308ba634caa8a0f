// Package sensitivity measures which inputs of a model matter: Sobol
// first-order and total indices from Saltelli's sampling scheme, and Morris
// elementary effects, both with bootstrap intervals. It knows nothing of
// tajikpeace: a model is a function from a point of the unit hypercube to a
// number, and callers map unit coordinates to parameter ranges. Data flows:
// design (points to evaluate) -> the caller evaluates them, in any order and
// on any number of workers -> estimates from the outputs in design order.
package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
)

// SobolDesign is Saltelli's design for k inputs and N base samples: the
// rows of A, B and, for each input i, AB_i (A with column i taken from B),
// N*(k+2) points in the unit hypercube, in that order.
type SobolDesign struct {
	K, N   int
	Points [][]float64
}

// NewSobolDesign draws the two base matrices from r.
func NewSobolDesign(k, n int, r *rand.Rand) SobolDesign {
	a := make([][]float64, n)
	b := make([][]float64, n)
	for j := range n {
		a[j], b[j] = make([]float64, k), make([]float64, k)
		for i := range k {
			a[j][i] = r.Float64()
		}
		for i := range k {
			b[j][i] = r.Float64()
		}
	}
	d := SobolDesign{K: k, N: n}
	d.Points = append(d.Points, a...)
	d.Points = append(d.Points, b...)
	for i := range k {
		for j := range n {
			p := slices.Clone(a[j])
			p[i] = b[j][i]
			d.Points = append(d.Points, p)
		}
	}
	return d
}

// Index is one input's index with its bootstrap 95% interval.
type Index struct {
	Value, Lo, Hi float64
}

// SobolResult holds the indices of every input.
type SobolResult struct {
	First, Total []Index
}

// Sobol estimates the indices from the outputs y of the design's points, in
// design order: first order by Saltelli et al. (2010), total by Jansen
// (1999). Outputs must be finite: censored runs are the caller's to encode
// (and to report). The bootstrap resamples the N base rows nboot times.
func (d SobolDesign) Sobol(y []float64, nboot int, r *rand.Rand) (SobolResult, error) {
	if len(y) != len(d.Points) {
		return SobolResult{}, fmt.Errorf("sensitivity: %d outputs for %d design points", len(y), len(d.Points))
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return SobolResult{}, fmt.Errorf("sensitivity: output %d is %v: encode censored runs before estimating", i, v)
		}
	}
	if slices.Min(y) == slices.Max(y) {
		return SobolResult{}, fmt.Errorf("sensitivity: the outcome is %g at every design point: it does not vary, so no index can be estimated (more runs per point, or another outcome)", y[0])
	}
	rows := make([]int, d.N)
	for j := range rows {
		rows[j] = j
	}
	first, total := d.estimate(y, rows)
	res := SobolResult{First: make([]Index, d.K), Total: make([]Index, d.K)}
	bf := make([][]float64, d.K)
	bt := make([][]float64, d.K)
	for range nboot {
		for j := range rows {
			rows[j] = r.IntN(d.N)
		}
		f, t := d.estimate(y, rows)
		for i := range d.K {
			bf[i] = append(bf[i], f[i])
			bt[i] = append(bt[i], t[i])
		}
	}
	for i := range d.K {
		res.First[i] = interval(first[i], bf[i])
		res.Total[i] = interval(total[i], bt[i])
	}
	return res, nil
}

// estimate computes the indices over the given base rows.
func (d SobolDesign) estimate(y []float64, rows []int) (first, total []float64) {
	n := d.N
	fA := func(j int) float64 { return y[j] }
	fB := func(j int) float64 { return y[n+j] }
	fAB := func(i, j int) float64 { return y[2*n+i*n+j] }
	var sum, sumSq float64
	for _, j := range rows {
		for _, v := range []float64{fA(j), fB(j)} {
			sum += v
			sumSq += float64(v * v) // float64(a*b): rounded before the sum on every machine
		}
	}
	m := float64(2 * len(rows))
	variance := sumSq/m - float64((sum/m)*(sum/m))
	first, total = make([]float64, d.K), make([]float64, d.K)
	if variance <= 0 {
		return first, total
	}
	for i := range d.K {
		var s, t float64
		for _, j := range rows {
			s += float64(fB(j) * (fAB(i, j) - fA(j)))
			diff := fA(j) - fAB(i, j)
			t += float64(diff * diff)
		}
		first[i] = s / float64(len(rows)) / variance
		total[i] = t / (2 * float64(len(rows))) / variance
	}
	return first, total
}

func interval(v float64, boot []float64) Index {
	if len(boot) == 0 {
		return Index{v, math.NaN(), math.NaN()}
	}
	s := slices.Clone(boot)
	slices.Sort(s)
	q := func(p float64) float64 { return s[max(0, min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1))] }
	return Index{v, q(0.025), q(0.975)}
}

// MorrisDesign is a set of r one-at-a-time trajectories on a p-level grid of
// the unit hypercube (Morris 1991; Campolongo et al. 2007 for mu*). Each
// trajectory has k+1 points; Changed[t][s] is the input that changes
// between its points s and s+1, and Up[t][s] whether it increased.
type MorrisDesign struct {
	K, R, Levels int
	Delta        float64
	Points       [][]float64
	Changed      [][]int
	Up           [][]bool
}

// NewMorrisDesign draws r trajectories for k inputs on a grid of levels
// (even) levels, with step levels/(2(levels-1)).
func NewMorrisDesign(k, r, levels int, rng *rand.Rand) MorrisDesign {
	d := MorrisDesign{K: k, R: r, Levels: levels, Delta: float64(levels) / (2 * float64(levels-1))}
	grid := float64(levels - 1)
	for range r {
		x := make([]float64, k)
		for i := range k {
			// Start where a step of Delta up or down stays in [0, 1].
			x[i] = float64(rng.IntN(levels/2)) / grid
			if rng.IntN(2) == 1 {
				x[i] += d.Delta
			}
		}
		order := rng.Perm(k)
		d.Points = append(d.Points, slices.Clone(x))
		var changed []int
		var up []bool
		for _, i := range order {
			if x[i]+d.Delta <= 1+1e-12 {
				x[i] += d.Delta
				up = append(up, true)
			} else {
				x[i] -= d.Delta
				up = append(up, false)
			}
			changed = append(changed, i)
			d.Points = append(d.Points, slices.Clone(x))
		}
		d.Changed = append(d.Changed, changed)
		d.Up = append(d.Up, up)
	}
	return d
}

// MorrisResult holds, for each input, the mean absolute elementary effect
// (mu*, with a bootstrap interval) and the sample standard deviation (sigma;
// NaN with a single trajectory, where it is undefined).
type MorrisResult struct {
	MuStar []Index
	Sigma  []float64
}

// Morris estimates the effects from the outputs of the design's points, in
// design order; the bootstrap resamples trajectories.
func (d MorrisDesign) Morris(y []float64, nboot int, r *rand.Rand) (MorrisResult, error) {
	if len(y) != len(d.Points) {
		return MorrisResult{}, fmt.Errorf("sensitivity: %d outputs for %d design points", len(y), len(d.Points))
	}
	effects := make([][]float64, d.K) // effects[i][t]
	for t := range d.R {
		base := t * (d.K + 1)
		for s, i := range d.Changed[t] {
			ee := (y[base+s+1] - y[base+s]) / d.Delta
			if !d.Up[t][s] {
				ee = -ee
			}
			effects[i] = append(effects[i], ee)
		}
	}
	res := MorrisResult{MuStar: make([]Index, d.K), Sigma: make([]float64, d.K)}
	for i, ee := range effects {
		mu := meanAbs(ee)
		var boot []float64
		idx := make([]float64, len(ee))
		for range nboot {
			for j := range ee {
				idx[j] = ee[r.IntN(len(ee))]
			}
			boot = append(boot, meanAbs(idx))
		}
		res.MuStar[i] = interval(mu, boot)
		_, res.Sigma[i] = detmath.MeanStdDev(ee)
	}
	return res, nil
}

func meanAbs(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += math.Abs(x)
	}
	return s / float64(len(xs))
}
