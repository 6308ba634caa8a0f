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

// Prior is a box of independent priors, one range per parameter: uniform
// on the range, or, where SD[i] > 0, a normal of mean Mean[i] and standard
// deviation SD[i] truncated to it. Mean and SD may be nil (all uniform).
type Prior struct {
	Min, Max []float64
	Mean, SD []float64
}

// normal reports whether parameter i has a (truncated) normal prior.
func (p Prior) normal(i int) bool { return i < len(p.SD) && p.SD[i] > 0 }

// density is the prior density at theta up to a constant factor (inside
// the box; the caller keeps theta inside).
func (p Prior) density(theta []float64) float64 {
	e := 0.0
	for i, x := range theta {
		if p.normal(i) {
			z := (x - p.Mean[i]) / p.SD[i]
			e += float64(z * z)
		}
	}
	return detmath.Exp(-0.5 * e)
}

// Draw samples parameter i of the prior: a truncated normal by rejection
// (the mean lies in the range, so at least about a sixth of the draws of
// a normal that is wide against the range fall inside it; a thousand misses
// fall back to uniform, which such a prior nearly is).
func (p Prior) Draw(i int, r *rand.Rand) float64 {
	if p.normal(i) {
		for range 1000 {
			if x := p.Mean[i] + float64(p.SD[i]*detmath.NormFloat64(r)); x >= p.Min[i] && x <= p.Max[i] {
				return x
			}
		}
	}
	return p.Min[i] + float64((p.Max[i]-p.Min[i])*r.Float64())
}

// Distance simulates the model at theta and returns its distance to the
// target. seed is the evaluation's own seed: a simulator that runs seeded
// ensembles should use it (or a fixed seed, for common random numbers), so
// that the result depends on nothing but theta and seed.
type Distance func(ctx context.Context, theta []float64, seed uint64) (float64, error)

// Sampler is how a generation finds its particles.
type Sampler int

const (
	// PMC is ABC population Monte Carlo (Beaumont et al. 2009): propose by
	// a kernel around the last population until within the tolerance, and
	// weight by prior over kernel density. Efficient for a few parameters;
	// with tens, the weights degenerate (a handful carry all the weight).
	PMC Sampler = iota
	// MCMC is the ABC-SMC sampler of Del Moral, Doucet & Jasra (2012,
	// Statistics and Computing 22: 1009–1020): keep the particles within
	// the new tolerance, resample them, and move each by Metropolis–Hastings
	// steps that stay within it. Every particle costs Moves simulations a
	// generation, and the weights never degenerate, so it scales to tens of
	// parameters.
	MCMC
)

// Settings control a run of SMC.
type Settings struct {
	// Sampler is PMC (the default) or MCMC. Under MCMC each particle takes
	// between Moves (at least 1) and MaxMoves Metropolis–Hastings steps a
	// generation: as many as give it a 99% chance of moving at least once at
	// the last generation's acceptance rate (Drovandi & Pettitt 2011,
	// Biometrics 67: 225–233).
	Sampler  Sampler
	Moves    int
	MaxMoves int
	// MinAcceptance, if set, stops the run ("converged") after a generation
	// whose acceptance rate falls below it: the tolerance has become too
	// small for the sampler to move.
	MinAcceptance float64
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
	// Progress, if set, is called after each generation; Accepted, after
	// each particle found (from any worker: it must be safe for concurrent
	// use), for a progress bar.
	Progress func(Generation)
	Accepted func(generation int)
	// Start, if set (MCMC only), replaces generation 0's draws from the
	// prior: slot i takes Start[i mod len(Start)], simulated afresh. It
	// refines an earlier calibration with the same prior — with more runs
	// per proposal, or another distance. The earlier population targets the
	// prior restricted by its own tolerance; re-weighting it by the new
	// tolerance with fresh simulations (the next generation's resampling)
	// is a change of target of the sampler of Del Moral, Doucet & Jasra
	// (2012), whose incremental weight is the new indicator, valid where
	// the earlier target covers the new one. Every Start set must lie in
	// the prior's support.
	Start [][]float64
	// Resume continues a run from the generations of an interrupted attempt
	// with the same prior, distance and settings (as Progress saw them): the
	// result is the one an uninterrupted run gives.
	Resume []Generation
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
	// Simulations this generation took, and its acceptance rate (MCMC:
	// the share of moves accepted).
	Simulations int
	Acceptance  float64
	// Moves is the Metropolis–Hastings steps each particle took (MCMC), and
	// Scale the factor on the random walk's step (see moveGeneration).
	Moves int
	Scale float64
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
//     simulating until the distance is within the tolerance. The kernel
//     moves in the logit of each prior range, so that no proposal leaves
//     the prior's support.
//  4. Its weight is prior(z) / Σ_j w_j K(z | z_j) in that space (the
//     prior's density times the Jacobian of the logit), normalised.
//
// Every proposal draws from its own stream, keyed by the master seed, the
// generation, the particle and the attempt, so the result is the same for
// any number of workers. The context cancels the run between evaluations.
func SMC(ctx context.Context, prior Prior, dist Distance, s Settings) (*Result, error) {
	if err := check(prior, s); err != nil {
		return nil, err
	}
	res := &Result{}
	var gen *Generation
	for i := range s.Resume {
		g := s.Resume[i]
		if g.Index != i || len(g.Particles) != s.Particles {
			return nil, fmt.Errorf("abc: resumed generation %d is not generation %d of %d particles", g.Index, i, s.Particles)
		}
		if i < len(s.Resume)-1 {
			res.Generations = append(res.Generations, g)
			res.Simulations += g.Simulations
		}
		gen = &g
	}
	resumed := gen != nil
	if !resumed {
		var err error
		if gen, err = generation(ctx, prior, dist, s, nil, 0, math.Inf(1)); err != nil {
			return nil, err
		}
	}
	for {
		res.Generations = append(res.Generations, *gen)
		res.Simulations += gen.Simulations
		if s.Progress != nil && !resumed {
			s.Progress(*gen)
		}
		resumed = false
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
		var next *Generation
		var err error
		if s.Sampler == MCMC {
			next, err = moveGeneration(ctx, prior, dist, s, gen, gen.Index+1, eps)
		} else {
			next, err = generation(ctx, prior, dist, s, gen, gen.Index+1, eps)
		}
		if err == nil && s.MinAcceptance > 0 && next.Acceptance < s.MinAcceptance {
			res.Generations = append(res.Generations, *next)
			res.Simulations += next.Simulations
			if s.Progress != nil {
				s.Progress(*next)
			}
			res.Stopped = "converged"
			return res, nil
		}
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
	case s.Sampler == PMC && s.MaxAttempts < 1:
		return fmt.Errorf("abc: MaxAttempts %d, want at least 1", s.MaxAttempts)
	case s.Sampler == MCMC && (s.Moves < 1 || s.MaxMoves < s.Moves):
		return fmt.Errorf("abc: Moves %d and MaxMoves %d, want 1 <= Moves <= MaxMoves", s.Moves, s.MaxMoves)
	case s.Sampler != PMC && s.Sampler != MCMC:
		return fmt.Errorf("abc: unknown sampler %d", s.Sampler)
	case len(s.Start) > 0 && s.Sampler != MCMC:
		return errors.New("abc: a start population needs the MCMC sampler (PMC's weights assume generation 0 drew from the prior)")
	}
	for i, theta := range s.Start {
		if len(theta) != len(p.Min) {
			return fmt.Errorf("abc: start set %d has %d parameters, the prior %d", i, len(theta), len(p.Min))
		}
		for j, x := range theta {
			if !(p.Min[j] <= x && x <= p.Max[j]) {
				return fmt.Errorf("abc: start set %d: parameter %d is %g, outside its prior range %g..%g", i, j, x, p.Min[j], p.Max[j])
			}
		}
	}
	for i := range p.Min {
		if !(p.Min[i] < p.Max[i]) {
			return fmt.Errorf("abc: prior range %d is %g..%g, want min < max", i, p.Min[i], p.Max[i])
		}
		if p.normal(i) && (i >= len(p.Mean) || !(p.Min[i] <= p.Mean[i] && p.Mean[i] <= p.Max[i])) {
			return fmt.Errorf("abc: prior %d is normal with a mean outside its range %g..%g", i, p.Min[i], p.Max[i])
		}
	}
	return nil
}

// generation fills one population. prev is nil for the prior.
func generation(ctx context.Context, prior Prior, dist Distance, s Settings, prev *Generation, index int, eps float64) (*Generation, error) {
	n := s.Particles
	var sd []float64
	var prevZ [][]float64
	if prev != nil {
		prevZ = make([][]float64, len(prev.Particles))
		for i, p := range prev.Particles {
			prevZ[i] = prior.toZ(p)
		}
		sd = kernelSD(prevZ, prev.Weights)
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
				g.Particles[i], g.Distances[i], tries[i], errs[i] = particle(ctx, prior, dist, s, prev, prevZ, sd, index, i, eps)
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
		// w ∝ prior(z) / Σ_j w_j K(z | z_j), all in the logit space the
		// kernel moves in: the prior's density there is its density in θ
		// times the Jacobian dθ/dz.
		z := prior.toZ(g.Particles[i])
		den := 0.0
		for j, anc := range prevZ {
			den += float64(prev.Weights[j] * kernel(z, anc, sd))
		}
		g.Weights[i] = float64(prior.density(g.Particles[i])*prior.jacobian(z)) / den
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
func particle(ctx context.Context, prior Prior, dist Distance, s Settings, prev *Generation, prevZ [][]float64, sd []float64,
	gen, slot int, eps float64) ([]float64, float64, int, error) {
	k := len(prior.Min)
	attempts := s.MaxAttempts
	if prev == nil {
		attempts = max(1, attempts) // the prior's generation accepts every draw
	}
	for attempt := range attempts {
		if err := ctx.Err(); err != nil {
			return nil, 0, attempt, err
		}
		r := stream(s.Seed, gen, slot, attempt)
		theta := make([]float64, k)
		switch {
		case prev == nil && len(s.Start) > 0:
			copy(theta, s.Start[slot%len(s.Start)])
		case prev == nil:
			for j := range theta {
				theta[j] = prior.Draw(j, r)
			}
		default:
			anc := prevZ[pick(prev.Weights, r.Float64())]
			z := make([]float64, k)
			for j := range z {
				z[j] = anc[j] + float64(sd[j]*detmath.NormFloat64(r))
			}
			theta = prior.fromZ(z)
		}
		d, err := dist(ctx, theta, r.Uint64())
		if err != nil {
			return nil, 0, attempt + 1, fmt.Errorf("abc: generation %d, particle %d: %w", gen, slot, err)
		}
		if math.IsNaN(d) {
			return nil, 0, attempt + 1, fmt.Errorf("abc: generation %d, particle %d: the distance is NaN", gen, slot)
		}
		if d <= eps {
			if s.Accepted != nil {
				s.Accepted(gen)
			}
			return theta, d, attempt + 1, nil
		}
	}
	return nil, 0, attempts, fmt.Errorf("%w (generation %d, particle %d, tolerance %g)", ErrStalled, gen, slot, eps)
}

// moveGeneration is one step of the sampler of Del Moral, Doucet & Jasra
// (2012): the particles of prev within the new tolerance eps keep their
// weight, the rest lose it; the survivors are resampled (systematic
// resampling) to equal weights; each is then moved by Metropolis–Hastings
// steps (as many as Settings say) of a normal random walk in logit space, with
// the sd of the kernel of PMC fitted to the survivors, accepting a proposal
// only if its simulation is within eps and with probability
// min(1, prior(z')/prior(z)) (the walk's scale: see below). ESS is the survivors' effective sample size
// before resampling; Acceptance, the share of moves accepted.
func moveGeneration(ctx context.Context, prior Prior, dist Distance, s Settings, prev *Generation, index int, eps float64) (*Generation, error) {
	n := s.Particles
	w := make([]float64, len(prev.Particles))
	total := 0.0
	for i, d := range prev.Distances {
		if d <= eps {
			w[i] = prev.Weights[i]
			total += w[i]
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("abc: no particle of generation %d is within the tolerance %g", prev.Index, eps)
	}
	sq := 0.0
	for i := range w {
		w[i] /= total
		sq += float64(w[i] * w[i])
	}
	prevZ := make([][]float64, len(prev.Particles))
	for i, p := range prev.Particles {
		prevZ[i] = prior.toZ(p)
	}
	// The step's scale adapts to the last generation's acceptance rate,
	// towards the 0.234 optimal for a random walk in many dimensions
	// (Roberts, Gelman & Gilks 1997): as the tolerance shrinks, the region
	// within it becomes thin against the population's spread, and steps of
	// the population's size would almost all leave it.
	scale := 1.0
	if prev.Scale > 0 {
		scale = prev.Scale * detmath.Exp(3*(prev.Acceptance-0.234))
		scale = min(3, max(1e-3, scale))
	}
	walk := randomWalk(prevZ, w)
	for j := range walk {
		for k := range walk[j] {
			walk[j][k] = float64(walk[j][k] * scale)
		}
	}
	// Systematic resampling: one uniform, n evenly spaced points.
	u0 := stream(s.Seed, index, -1, 0).Float64()
	ancestors := make([]int, n)
	c, k := w[0], 0
	step := 1 / float64(n)
	for i := range n {
		// i·step + u0·step, each product rounded on its own (no fused
		// multiply-add: internal/detmath).
		u := float64(float64(i)*step) + float64(u0*step)
		for u > c && k < len(w)-1 {
			k++
			c += w[k]
		}
		ancestors[i] = k
	}
	// Drovandi & Pettitt's rule: R moves give a particle a 1-(1-a)^R chance
	// to move at acceptance rate a; take R for 99%.
	moves := s.Moves
	if a := prev.Acceptance; index > 1 && a < 1 {
		r := s.MaxMoves
		if a > 0 {
			r = int(math.Ceil(detmath.Log(0.01) / detmath.Log(1-a)))
		}
		moves = max(s.Moves, min(s.MaxMoves, r))
	}
	g := &Generation{Index: index, Tolerance: eps, Particles: make([][]float64, n),
		Weights: make([]float64, n), Distances: make([]float64, n), ESS: 1 / sq, Moves: moves, Scale: scale}
	sims := make([]int, n)
	accepted := make([]int, n)
	errs := make([]error, n)
	slots := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(s.Workers, n)) {
		wg.Go(func() {
			for i := range slots {
				g.Particles[i], g.Distances[i], sims[i], accepted[i], errs[i] = move(ctx, prior, dist, s, moves, prev.Particles[ancestors[i]],
					prev.Distances[ancestors[i]], walk, index, i, eps)
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
	moved := 0
	for i := range n {
		if errs[i] != nil {
			return nil, errs[i]
		}
		g.Weights[i] = 1 / float64(n)
		g.Simulations += sims[i]
		moved += accepted[i]
	}
	g.Acceptance = float64(moved) / float64(n*moves)
	return g, nil
}

// move takes moves Metropolis–Hastings steps from theta (at distance d).
func move(ctx context.Context, prior Prior, dist Distance, s Settings, moves int, theta []float64, d float64, walk [][]float64,
	gen, slot int, eps float64) ([]float64, float64, int, int, error) {
	z := prior.toZ(theta)
	logp := prior.logDensityZ(theta, z)
	sims, accepted := 0, 0
	for step := range moves {
		if err := ctx.Err(); err != nil {
			return nil, 0, sims, accepted, err
		}
		r := stream(s.Seed, gen, slot, step)
		e := make([]float64, len(z))
		for j := range e {
			e[j] = detmath.NormFloat64(r)
		}
		z2 := make([]float64, len(z))
		for j := range z {
			step := 0.0
			for k := 0; k <= j; k++ {
				step += float64(walk[j][k] * e[k])
			}
			z2[j] = z[j] + step
		}
		theta2 := prior.fromZ(z2)
		logp2 := prior.logDensityZ(theta2, z2)
		// Decide on the prior first: a move the prior refuses needs no
		// simulation (the random walk is symmetric, so the kernels cancel).
		if u := r.Float64(); u > 0 && detmath.Log(u) >= logp2-logp {
			continue
		}
		d2, err := dist(ctx, theta2, r.Uint64())
		sims++
		if err != nil {
			return nil, 0, sims, accepted, fmt.Errorf("abc: generation %d, particle %d: %w", gen, slot, err)
		}
		if math.IsNaN(d2) {
			return nil, 0, sims, accepted, fmt.Errorf("abc: generation %d, particle %d: the distance is NaN", gen, slot)
		}
		if d2 <= eps {
			z, theta, d, logp = z2, theta2, d2, logp2
			accepted++
		}
	}
	if s.Accepted != nil {
		s.Accepted(gen)
	}
	return theta, d, sims, accepted, nil
}

// randomWalk is the lower Cholesky factor L of the random walk's covariance
// (a step is L·e, e standard normal): the weighted covariance of the
// population in logit space, so that steps follow its ridges (Filippi,
// Barnes, Cornebise & Stumpf 2013, Statistical Applications in Genetics and
// Molecular Biology 12: 87–107, compare such kernels), scaled by PMC's 2
// or, for more than two parameters, by the optimal 2.38²/d for a
// d-dimensional normal target (Roberts, Gelman & Gilks 1997, Annals of
// Applied Probability 7: 110–120): with tens of parameters, PMC's steps
// land where the prior refuses them.
func randomWalk(zs [][]float64, w []float64) [][]float64 {
	d := len(zs[0])
	mean := make([]float64, d)
	for i, z := range zs {
		for j := range d {
			mean[j] += float64(w[i] * z[j])
		}
	}
	scale := 2.0
	if d > 2 {
		scale = float64(2.38*2.38) / float64(d)
	}
	cov := make([][]float64, d)
	for j := range d {
		cov[j] = make([]float64, d)
		for k := 0; k <= j; k++ {
			c := 0.0
			for i, z := range zs {
				c += float64(w[i] * float64((z[j]-mean[j])*(z[k]-mean[k])))
			}
			cov[j][k] = float64(c * scale)
		}
	}
	// A population collapsed in some direction still needs to move: add a
	// little to the diagonal until the factorisation succeeds.
	for jitter := 0.0; jitter <= 1; jitter = max(1e-12, 10*jitter) {
		if l, ok := cholesky(cov, jitter); ok {
			return l
		}
	}
	// Not a covariance at all (a NaN): a small step in each direction.
	l := make([][]float64, d)
	for j := range l {
		l[j] = make([]float64, d)
		l[j][j] = 1e-6
	}
	return l
}

// cholesky factors the symmetric matrix whose lower triangle is a, plus
// jitter·max(1, a_jj) on the diagonal; false if it is not positive definite.
func cholesky(a [][]float64, jitter float64) ([][]float64, bool) {
	d := len(a)
	l := make([][]float64, d)
	for j := range d {
		l[j] = make([]float64, d)
		for k := 0; k <= j; k++ {
			sum := a[j][k]
			if j == k {
				sum += float64(jitter * max(1, a[j][j]))
			}
			for m := 0; m < k; m++ {
				sum -= float64(l[j][m] * l[k][m])
			}
			if j == k {
				if !(sum > 0) {
					return nil, false
				}
				l[j][j] = math.Sqrt(sum)
			} else {
				l[j][k] = sum / l[k][k]
			}
		}
	}
	return l, true
}

// logDensityZ is the log of the prior's density in logit space, up to a
// constant: the log density in θ plus the log of the Jacobian dθ/dz.
func (p Prior) logDensityZ(theta, z []float64) float64 {
	l := 0.0
	for j, v := range z {
		if p.normal(j) {
			e := (theta[j] - p.Mean[j]) / p.SD[j]
			l -= float64(0.5 * float64(e*e))
		}
		u := 1 / (1 + detmath.Exp(-v))
		l += detmath.Log(float64(u * (1 - u)))
	}
	return l
}

// The kernel moves particles in the logit of each prior range, z =
// log(u/(1-u)) with u = (θ-min)/(max-min), where every real number is a
// point of the range: no proposal leaves the prior's support. (Moved in θ,
// a proposal must land inside the box in every coordinate at once, which
// with tens of parameters almost none does.)

// edge keeps u off 0 and 1, where the logit is infinite.
const edge = 1e-12

func (p Prior) toZ(theta []float64) []float64 {
	z := make([]float64, len(theta))
	for j, x := range theta {
		u := (x - p.Min[j]) / (p.Max[j] - p.Min[j])
		u = min(1-edge, max(edge, u))
		z[j] = detmath.Log(u / (1 - u))
	}
	return z
}

func (p Prior) fromZ(z []float64) []float64 {
	theta := make([]float64, len(z))
	for j, v := range z {
		u := 1 / (1 + detmath.Exp(-v))
		theta[j] = p.Min[j] + float64((p.Max[j]-p.Min[j])*u)
		theta[j] = min(p.Max[j], max(p.Min[j], theta[j]))
	}
	return theta
}

// jacobian is dθ/dz up to a constant factor: Π u(1-u).
func (p Prior) jacobian(z []float64) float64 {
	j := 1.0
	for _, v := range z {
		u := 1 / (1 + detmath.Exp(-v))
		j = float64(j * float64(u*(1-u)))
	}
	return j
}

// kernelSD is the perturbation's standard deviation per coordinate: the
// square root of twice the weighted variance of the population (Beaumont
// et al. 2009).
func kernelSD(zs [][]float64, weights []float64) []float64 {
	k := len(zs[0])
	sd := make([]float64, k)
	for j := range k {
		mean := 0.0
		for i, p := range zs {
			mean += float64(weights[i] * p[j])
		}
		v := 0.0
		for i, p := range zs {
			d := p[j] - mean
			v += float64(weights[i] * float64(d*d))
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

// Marginal summarises one parameter of a weighted population.
type Marginal struct {
	Mean, SD float64
	// Lo and Hi bound the central 95% of the weight (weighted empirical
	// quantiles 0.025 and 0.975).
	Lo, Hi float64
}

// Marginal is parameter j's weighted mean, sd and 95% interval.
func (g Generation) Marginal(j int) Marginal {
	var m Marginal
	xs := make([]float64, len(g.Particles))
	for i, p := range g.Particles {
		xs[i] = p[j]
		m.Mean += float64(g.Weights[i] * p[j])
	}
	v := 0.0
	for i, x := range xs {
		d := x - m.Mean
		v += float64(g.Weights[i] * float64(d*d))
	}
	m.SD = math.Sqrt(v)
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return xs[order[a]] < xs[order[b]] })
	quant := func(q float64) float64 {
		c := 0.0
		for _, i := range order {
			c += g.Weights[i]
			if c >= q {
				return xs[i]
			}
		}
		return xs[order[len(order)-1]]
	}
	m.Lo, m.Hi = quant(0.025), quant(0.975)
	return m
}
