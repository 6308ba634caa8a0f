package abc

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

	"github.com/tajikpeace/tajikpeace/internal/detmath"
)

// Prior is a box of independent uniform priors, one range per parameter.
type Prior struct {
	Min, Max []float64
}

// Distance simulates the model at theta and returns its distance to the
// target. seed is the evaluation's own seed: a simulator that runs seeded
// ensembles should use it (or a fixed seed, for common random numbers), so
// that the result depends on nothing but theta and seed.
type Distance func(ctx context.Context, theta []float64, seed uint64) (float64, error)

// Settings control a run of SMC.
type Settings struct {
	// Particles per generation.
	Particles int
	// Quantile of the last generation's distances that becomes the next
	// tolerance (0 < Quantile < 1; 0.5 halves the accepted set each time).
	Quantile float64
	// The run stops after the generation that reaches Tolerance, after
	// Generations generations (generation 0 samples the prior), or once
	// Simulations have been spent — whichever comes first. Zero means no
	// limit, but one of the three must be set.
	Tolerance   float64
	Generations int
	Simulations int
	// MaxAttempts bounds the proposals one particle may try in a
	// generation; a generation that needs more stops the run with
	// ErrStalled (the tolerance has become too small to reach).
	MaxAttempts int
	// Seed is the master seed; Workers the number of parallel
	// evaluations. The result does not depend on Workers.
	Seed    uint64
	Workers int
	// Progress, if set, is called after each generation.
	Progress func(Generation)
}

// Generation is one population of weighted particles.
type Generation struct {
	Index int
	// Tolerance every particle's distance is within (+Inf for the prior).
	Tolerance float64
	Particles [][]float64
	Weights   []float64 // normalised to sum to 1
	Distances []float64
	// ESS is the effective sample size of the weights, (Σw)²/Σw².
	ESS float64
	// Simulations this generation took, and its acceptance rate.
	Simulations int
	Acceptance  float64
}

// Result is the sequence of generations; the last is the posterior sample.
type Result struct {
	Generations []Generation
	// Simulations spent in all.
	Simulations int
	// Stopped says what ended the run: "tolerance", "generations",
	// "simulations", "converged" (the tolerance stopped falling) or
	// "stalled" (see ErrStalled).
	Stopped string
}

// Posterior is the last generation.
func (r *Result) Posterior() Generation { return r.Generations[len(r.Generations)-1] }

// ErrStalled is returned (with the result so far) when a particle could not
// be accepted within MaxAttempts proposals.
var ErrStalled = errors.New("abc: a particle found no proposal within the tolerance in MaxAttempts tries")

// SMC runs ABC population Monte Carlo (Beaumont, Cornuet, Marin & Robert
// 2009, "Adaptive approximate Bayesian computation", Biometrika 96: 983–990)
// with an adaptive tolerance schedule:
//
//  1. Generation 0 draws Particles parameter sets from the prior and keeps
//     them all, with equal weights.
//  2. The next tolerance is the Quantile of the last generation's distances
//     (the adaptive schedule of Lenormand, Jabot & Deffuant 2013, Computational
//     Statistics 28: 2777–2796; Del Moral, Doucet & Jasra 2012 adapt it to the
//     effective sample size instead).
//  3. Each particle of the new generation is found by drawing an ancestor
//     from the last generation by weight, moving it with a normal kernel of
//     variance twice the weighted variance of the last generation, one
//     parameter at a time (Beaumont et al.'s choice, here diagonal), and
//     simulating until the distance is within the tolerance.
//  4. Its weight is prior(θ) / Σ_j w_j K(θ | θ_j), normalised.
//
// Every proposal draws from its own stream, keyed by the master seed, the
// generation, the particle and the attempt, so the result is the same for
// any number of workers. The context cancels the run between evaluations.
func SMC(ctx context.Context, prior Prior, dist Distance, s Settings) (*Result, error) {
	if err := check(prior, s); err != nil {
		return nil, err
	}
	res := &Result{}
	gen, err := generation(ctx, prior, dist, s, nil, 0, math.Inf(1))
	if err != nil {
		return nil, err
	}
	for {
		res.Generations = append(res.Generations, *gen)
		res.Simulations += gen.Simulations
		if s.Progress != nil {
			s.Progress(*gen)
		}
		switch {
		case s.Tolerance > 0 && gen.Tolerance <= s.Tolerance:
			res.Stopped = "tolerance"
		case s.Generations > 0 && len(res.Generations) >= s.Generations:
			res.Stopped = "generations"
		case s.Simulations > 0 && res.Simulations >= s.Simulations:
			res.Stopped = "simulations"
		}
		if res.Stopped != "" {
			return res, nil
		}
		eps := quantile(gen.Distances, s.Quantile)
		if s.Tolerance > 0 {
			eps = max(eps, s.Tolerance)
		}
		if eps >= gen.Tolerance {
			// The distances no longer fall (a discrete distance can stall):
			// another generation would only resample the same tolerance.
			res.Stopped = "converged"
			return res, nil
		}
		next, err := generation(ctx, prior, dist, s, gen, gen.Index+1, eps)
		if errors.Is(err, ErrStalled) {
			res.Stopped = "stalled"
			return res, err
		}
		if err != nil {
			return nil, err
		}
		gen = next
	}
}

func check(p Prior, s Settings) error {
	switch {
	case len(p.Min) == 0 || len(p.Min) != len(p.Max):
		return fmt.Errorf("abc: prior has %d minima and %d maxima, want the same number, at least one", len(p.Min), len(p.Max))
	case s.Particles < 2:
		return fmt.Errorf("abc: %d particles, want at least 2", s.Particles)
	case !(s.Quantile > 0 && s.Quantile < 1):
		return fmt.Errorf("abc: quantile %g, want between 0 and 1", s.Quantile)
	case s.Tolerance <= 0 && s.Generations <= 0 && s.Simulations <= 0:
		return errors.New("abc: no stopping rule: set a tolerance, a number of generations or a budget of simulations")
	case s.MaxAttempts < 1:
		return fmt.Errorf("abc: MaxAttempts %d, want at least 1", s.MaxAttempts)
	}
	for i := range p.Min {
		if !(p.Min[i] < p.Max[i]) {
			return fmt.Errorf("abc: prior range %d is %g..%g, want min < max", i, p.Min[i], p.Max[i])
		}
	}
	return nil
}

// generation fills one population. prev is nil for the prior.
func generation(ctx context.Context, prior Prior, dist Distance, s Settings, prev *Generation, index int, eps float64) (*Generation, error) {
	n := s.Particles
	var sd []float64
	if prev != nil {
		sd = kernelSD(prev)
	}
	g := &Generation{Index: index, Tolerance: eps, Particles: make([][]float64, n),
		Weights: make([]float64, n), Distances: make([]float64, n)}
	tries := make([]int, n)
	errs := make([]error, n)
	slots := make(chan int)
	workers := max(1, min(s.Workers, n))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range slots {
				g.Particles[i], g.Distances[i], tries[i], errs[i] = particle(ctx, prior, dist, s, prev, sd, index, i, eps)
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		slots <- i
	}
	close(slots)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for i := range n {
		g.Simulations += tries[i]
		if prev == nil {
			g.Weights[i] = 1
			continue
		}
		// w ∝ prior(θ) / Σ_j w_j K(θ | θ_j); the prior is uniform on its box
		// and every accepted θ lies inside it.
		den := 0.0
		for j, anc := range prev.Particles {
			den += float64(prev.Weights[j] * kernel(g.Particles[i], anc, sd))
		}
		g.Weights[i] = 1 / den
	}
	total := 0.0
	for _, w := range g.Weights {
		total += w
	}
	sq := 0.0
	for i := range g.Weights {
		g.Weights[i] /= total
		sq += float64(g.Weights[i] * g.Weights[i])
	}
	g.ESS = 1 / sq
	g.Acceptance = float64(n) / float64(g.Simulations)
	return g, nil
}

// particle finds one accepted parameter set for slot i of a generation.
func particle(ctx context.Context, prior Prior, dist Distance, s Settings, prev *Generation, sd []float64,
	gen, slot int, eps float64) ([]float64, float64, int, error) {
	k := len(prior.Min)
	for attempt := range s.MaxAttempts {
		if err := ctx.Err(); err != nil {
			return nil, 0, attempt, err
		}
		r := stream(s.Seed, gen, slot, attempt)
		theta := make([]float64, k)
		if prev == nil {
			for j := range theta {
				theta[j] = prior.Min[j] + float64((prior.Max[j]-prior.Min[j])*r.Float64())
			}
		} else {
			anc := prev.Particles[pick(prev.Weights, r.Float64())]
			inside := true
			for j := range theta {
				theta[j] = anc[j] + float64(sd[j]*detmath.NormFloat64(r))
				inside = inside && theta[j] >= prior.Min[j] && theta[j] <= prior.Max[j]
			}
			if !inside {
				// Outside the prior's support: weight zero, propose again
				// (no simulation spent, but the attempt counts).
				continue
			}
		}
		d, err := dist(ctx, theta, r.Uint64())
		if err != nil {
			return nil, 0, attempt + 1, fmt.Errorf("abc: generation %d, particle %d: %w", gen, slot, err)
		}
		if math.IsNaN(d) {
			return nil, 0, attempt + 1, fmt.Errorf("abc: generation %d, particle %d: the distance is NaN", gen, slot)
		}
		if d <= eps {
			return theta, d, attempt + 1, nil
		}
	}
	return nil, 0, s.MaxAttempts, fmt.Errorf("%w (generation %d, particle %d, tolerance %g)", ErrStalled, gen, slot, eps)
}

// kernelSD is the perturbation's standard deviation per parameter: the
// square root of twice the weighted variance of the population (Beaumont
// et al. 2009).
func kernelSD(g *Generation) []float64 {
	k := len(g.Particles[0])
	sd := make([]float64, k)
	for j := range k {
		mean := 0.0
		for i, p := range g.Particles {
			mean += float64(g.Weights[i] * p[j])
		}
		v := 0.0
		for i, p := range g.Particles {
			d := p[j] - mean
			v += float64(g.Weights[i] * float64(d*d))
		}
		sd[j] = math.Sqrt(2 * v)
		if sd[j] == 0 {
			// A collapsed population still needs to move.
			sd[j] = 1e-12 * max(1, math.Abs(mean))
		}
	}
	return sd
}

// kernel is the density of the diagonal normal kernel at x around mu, up to
// a constant factor common to every term (it cancels in the weights).
func kernel(x, mu, sd []float64) float64 {
	e := 0.0
	for j := range x {
		z := (x[j] - mu[j]) / sd[j]
		e += float64(z * z)
	}
	return detmath.Exp(-0.5 * e)
}

// pick returns the index whose cumulative weight first exceeds u.
func pick(w []float64, u float64) int {
	c := 0.0
	for i, x := range w {
		c += x
		if u < c {
			return i
		}
	}
	return len(w) - 1
}

// quantile is the empirical q-quantile (a data value, no interpolation).
func quantile(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(len(s)-1, i))]
}

// stream is the random stream of one proposal: ChaCha8 keyed by SHA-256 of
// the master seed, the generation, the particle and the attempt.
func stream(seed uint64, gen, slot, attempt int) *rand.Rand {
	var buf [32]byte
	h := sha256.New()
	h.Write([]byte("tajikpeace/abc/v1"))
	binary.BigEndian.PutUint64(buf[0:8], seed)
	binary.BigEndian.PutUint64(buf[8:16], uint64(gen))
	binary.BigEndian.PutUint64(buf[16:24], uint64(slot))
	binary.BigEndian.PutUint64(buf[24:32], uint64(attempt))
	h.Write(buf[:])
	var key [32]byte
	h.Sum(key[:0])
	return rand.New(rand.NewChaCha8(key))
}
