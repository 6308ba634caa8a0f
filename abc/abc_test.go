package abc_test

import (
	"cmp"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/tajikpeace/tajikpeace/abc"
)

// normalMean is a model with an analytic posterior: n observations from a
// normal with unknown mean θ and known sd σ. The sample mean is sufficient,
// so the simulator draws it directly, ȳ ~ N(θ, σ²/n), and the distance is
// |ȳ_sim − ȳ_obs|. Under a flat prior the posterior is N(ȳ_obs, σ²/n); ABC
// within tolerance ε adds a variance of ε²/3, negligible here.
type normalMean struct {
	n      int
	sigma  float64
	ybar   float64
	unused bool // a second parameter the distance ignores
}

func (m normalMean) distance(_ context.Context, theta []float64, seed uint64) (float64, error) {
	r := rand.New(rand.NewPCG(seed, 7))
	sim := theta[0] + m.sigma/math.Sqrt(float64(m.n))*r.NormFloat64()
	return math.Abs(sim - m.ybar), nil
}

func weighted(g abc.Generation, j int) (mean, sd float64) {
	for i, p := range g.Particles {
		mean += g.Weights[i] * p[j]
	}
	for i, p := range g.Particles {
		sd += g.Weights[i] * (p[j] - mean) * (p[j] - mean)
	}
	return mean, math.Sqrt(sd)
}

func observed(seed uint64, n int, mu, sigma float64) float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	s := 0.0
	for range n {
		s += mu + sigma*r.NormFloat64()
	}
	return s / float64(n)
}

// TestRecoversTheAnalyticPosterior: the posterior mean and sd of a normal
// mean with known variance are recovered within 10% of the posterior sd
// (mean) and of the sd itself, and a parameter the distance ignores keeps
// its uniform prior (mean and sd within 10% of the prior's): the importance
// weights undo the kernel's pull towards where the particles were.
func TestRecoversTheAnalyticPosterior(t *testing.T) {
	for _, sampler := range samplers {
		t.Run(sampler.name, func(t *testing.T) { recoversTheAnalyticPosterior(t, sampler.settings) })
	}
}

// samplers are the settings each test runs under: PMC, and MCMC with
// three to ten Metropolis–Hastings moves a generation.
var samplers = []struct {
	name     string
	settings abc.Settings
}{
	{"pmc", abc.Settings{Sampler: abc.PMC, MaxAttempts: 100000}},
	{"mcmc", abc.Settings{Sampler: abc.MCMC, Moves: 3, MaxMoves: 10, Quantile: 0.7}},
}

func recoversTheAnalyticPosterior(t *testing.T, s abc.Settings) {
	m := normalMean{n: 20, sigma: 2}
	m.ybar = observed(42, m.n, 1.3, m.sigma)
	prior := abc.Prior{Min: []float64{-10, 0}, Max: []float64{10, 6}}
	var gens []abc.Generation
	s.Particles, s.Tolerance, s.Seed, s.Workers = 2000, 0.05, 1, 4
	s.Quantile = cmp.Or(s.Quantile, 0.5)
	s.Progress = func(g abc.Generation) { gens = append(gens, g) }
	res, err := abc.SMC(context.Background(), prior, m.distance, s)
	if err != nil {
		t.Fatal(err)
	}
	post := res.Posterior()
	wantMean, wantSD := m.ybar, m.sigma/math.Sqrt(float64(m.n))
	mean, sd := weighted(post, 0)
	t.Logf("%d generations, %d simulations, stopped by %s; tolerance %.3g, ESS %.0f", len(res.Generations), res.Simulations, res.Stopped, post.Tolerance, post.ESS)
	t.Logf("posterior mean %.4f (analytic %.4f), sd %.4f (analytic %.4f)", mean, wantMean, sd, wantSD)
	if math.Abs(mean-wantMean) > 0.1*wantSD {
		t.Errorf("posterior mean %.4f, analytic %.4f: off by more than 10%% of the posterior sd %.4f", mean, wantMean, wantSD)
	}
	if math.Abs(sd/wantSD-1) > 0.1 {
		t.Errorf("posterior sd %.4f, analytic %.4f: off by more than 10%%", sd, wantSD)
	}
	umean, usd := weighted(post, 1)
	if math.Abs(umean-3) > 0.1*3 || math.Abs(usd/(6/math.Sqrt(12))-1) > 0.1 {
		t.Errorf("an unidentified parameter has posterior mean %.3f and sd %.3f, want its prior's 3 and %.3f", umean, usd, 6/math.Sqrt(12))
	}
	if res.Stopped != "tolerance" || post.Tolerance > 0.05 {
		t.Errorf("stopped by %q at tolerance %g, want the tolerance 0.05", res.Stopped, post.Tolerance)
	}
	if len(gens) != len(res.Generations) {
		t.Errorf("progress reported %d generations of %d", len(gens), len(res.Generations))
	}
	for i := 1; i < len(res.Generations); i++ {
		g := res.Generations[i]
		if !(g.Tolerance < res.Generations[i-1].Tolerance) {
			t.Errorf("generation %d: tolerance %g does not fall below %g", i, g.Tolerance, res.Generations[i-1].Tolerance)
		}
		if !(g.ESS > 1 && g.ESS <= float64(len(g.Particles))+1e-9) {
			t.Errorf("generation %d: ESS %g outside 1..%d", i, g.ESS, len(g.Particles))
		}
		for _, d := range g.Distances {
			if d > g.Tolerance {
				t.Fatalf("generation %d keeps a particle at distance %g beyond its tolerance %g", i, d, g.Tolerance)
			}
		}
	}
}

// TestSameResultForAnyNumberOfWorkers: each proposal has its own stream.
func TestSameResultForAnyNumberOfWorkers(t *testing.T) {
	for _, sampler := range samplers {
		t.Run(sampler.name, func(t *testing.T) { sameResultForAnyNumberOfWorkers(t, sampler.settings) })
	}
}

func sameResultForAnyNumberOfWorkers(t *testing.T, s abc.Settings) {
	m := normalMean{n: 10, sigma: 1, ybar: 0.4}
	prior := abc.Prior{Min: []float64{-5, 0}, Max: []float64{5, 1}}
	run := func(workers int) *abc.Result {
		s := s
		s.Particles, s.Quantile, s.Generations, s.Seed, s.Workers = 200, 0.5, 5, 9, workers
		res, err := abc.SMC(context.Background(), prior, m.distance, s)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	one, many := run(1), run(7)
	if !reflect.DeepEqual(one, many) {
		t.Error("1 worker and 7 workers gave different generations")
	}
	s.Particles, s.Quantile, s.Generations, s.Seed, s.Workers = 200, 0.5, 5, 10, 2
	other, err := abc.SMC(context.Background(), prior, m.distance, s)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(one.Posterior().Particles, other.Posterior().Particles) {
		t.Error("seeds 9 and 10 gave the same posterior sample")
	}
}

func TestStoppingRules(t *testing.T) {
	m := normalMean{n: 10, sigma: 1, ybar: 0.4}
	prior := abc.Prior{Min: []float64{-5}, Max: []float64{5}}
	base := abc.Settings{Particles: 100, Quantile: 0.5, MaxAttempts: 10000, Seed: 1, Workers: 2}
	for _, tc := range []struct {
		name    string
		set     func(*abc.Settings)
		stopped string
		check   func(*abc.Result) bool
	}{
		{"generations", func(s *abc.Settings) { s.Generations = 3 }, "generations",
			func(r *abc.Result) bool { return len(r.Generations) == 3 }},
		{"simulations", func(s *abc.Settings) { s.Simulations = 500 }, "simulations",
			func(r *abc.Result) bool {
				// The budget is checked after each generation, so the last
				// one may overrun it, but the one before did not reach it.
				return r.Simulations >= 500 && r.Simulations-r.Posterior().Simulations < 500
			}},
		{"tolerance", func(s *abc.Settings) { s.Tolerance = 0.2 }, "tolerance",
			func(r *abc.Result) bool { return r.Posterior().Tolerance <= 0.2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			tc.set(&s)
			res, err := abc.SMC(context.Background(), prior, m.distance, s)
			if err != nil {
				t.Fatal(err)
			}
			if res.Stopped != tc.stopped || !tc.check(res) {
				t.Errorf("stopped by %q after %d generations and %d simulations (last tolerance %g)",
					res.Stopped, len(res.Generations), res.Simulations, res.Posterior().Tolerance)
			}
		})
	}
}

// TestAConstantDistanceConverges: when the tolerance cannot fall, the run
// ends instead of resampling forever.
func TestAConstantDistanceConverges(t *testing.T) {
	flat := func(context.Context, []float64, uint64) (float64, error) { return 1, nil }
	res, err := abc.SMC(context.Background(), abc.Prior{Min: []float64{0}, Max: []float64{1}}, flat,
		abc.Settings{Particles: 10, Quantile: 0.5, Tolerance: 0.1, MaxAttempts: 10, Seed: 1, Workers: 1})
	if err != nil || res.Stopped != "converged" {
		t.Fatalf("stopped by %q, error %v; want converged", res.Stopped, err)
	}
}

// TestStallsWithAClearError: a tolerance no proposal can meet within
// MaxAttempts ends the run with ErrStalled and the generations so far.
func TestStallsWithAClearError(t *testing.T) {
	noisy := func(_ context.Context, _ []float64, seed uint64) (float64, error) {
		return rand.New(rand.NewPCG(seed, 3)).Float64(), nil
	}
	res, err := abc.SMC(context.Background(), abc.Prior{Min: []float64{0}, Max: []float64{1}}, noisy,
		abc.Settings{Particles: 50, Quantile: 0.01, Tolerance: 1e-9, MaxAttempts: 2, Seed: 1, Workers: 2})
	if !errors.Is(err, abc.ErrStalled) || res == nil || res.Stopped != "stalled" || len(res.Generations) == 0 {
		t.Fatalf("error %v, result %+v; want ErrStalled with the generations so far", err, res)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	slow := func(ctx context.Context, _ []float64, _ uint64) (float64, error) {
		calls++
		if calls == 5 {
			cancel()
		}
		return 0.5, nil
	}
	_, err := abc.SMC(ctx, abc.Prior{Min: []float64{0}, Max: []float64{1}}, slow,
		abc.Settings{Particles: 1000, Quantile: 0.5, Generations: 3, MaxAttempts: 10, Seed: 1, Workers: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestBadSettings(t *testing.T) {
	d := func(context.Context, []float64, uint64) (float64, error) { return 0, nil }
	ok := abc.Settings{Particles: 10, Quantile: 0.5, Generations: 2, MaxAttempts: 10}
	for name, tc := range map[string]struct {
		p abc.Prior
		s abc.Settings
	}{
		"no parameters": {abc.Prior{}, ok},
		"empty range":   {abc.Prior{Min: []float64{1}, Max: []float64{1}}, ok},
		"one particle":  {abc.Prior{Min: []float64{0}, Max: []float64{1}}, abc.Settings{Particles: 1, Quantile: 0.5, Generations: 2, MaxAttempts: 10}},
		"quantile 1":    {abc.Prior{Min: []float64{0}, Max: []float64{1}}, abc.Settings{Particles: 10, Quantile: 1, Generations: 2, MaxAttempts: 10}},
		"no stop rule":  {abc.Prior{Min: []float64{0}, Max: []float64{1}}, abc.Settings{Particles: 10, Quantile: 0.5, MaxAttempts: 10}},
		"no attempts":   {abc.Prior{Min: []float64{0}, Max: []float64{1}}, abc.Settings{Particles: 10, Quantile: 0.5, Generations: 2}},
	} {
		if _, err := abc.SMC(context.Background(), tc.p, d, tc.s); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestRecoversTheAnalyticPosteriorUnderANormalPrior: a normal prior N(m0,
// s0²) on the mean of n normal observations with known σ gives the
// conjugate posterior of precision 1/s0² + n/σ² and mean weighted by the
// precisions; the importance weights carry the prior's density, so SMC
// recovers it (mean within 10% of the sd, sd within 10%) although every
// proposal is drawn around the last population, not from the prior.
func TestRecoversTheAnalyticPosteriorUnderANormalPrior(t *testing.T) {
	for _, sampler := range samplers {
		t.Run(sampler.name, func(t *testing.T) { recoversUnderANormalPrior(t, sampler.settings) })
	}
}

func recoversUnderANormalPrior(t *testing.T, s abc.Settings) {
	m := normalMean{n: 4, sigma: 2}
	m.ybar = observed(7, m.n, 2.5, m.sigma)
	m0, s0 := 0.0, 1.0
	prior := abc.Prior{Min: []float64{-8}, Max: []float64{8}, Mean: []float64{m0}, SD: []float64{s0}}
	s.Particles, s.Tolerance, s.Seed, s.Workers = 2000, 0.03, 3, 4
	s.Quantile = cmp.Or(s.Quantile, 0.5)
	res, err := abc.SMC(context.Background(), prior, m.distance, s)
	if err != nil {
		t.Fatal(err)
	}
	prec := 1/(s0*s0) + float64(m.n)/(m.sigma*m.sigma)
	wantMean := (m0/(s0*s0) + m.ybar*float64(m.n)/(m.sigma*m.sigma)) / prec
	wantSD := 1 / math.Sqrt(prec)
	mean, sd := weighted(res.Posterior(), 0)
	t.Logf("posterior mean %.4f (analytic %.4f), sd %.4f (analytic %.4f); flat-prior mean would be %.4f", mean, wantMean, sd, wantSD, m.ybar)
	if math.Abs(mean-wantMean) > 0.1*wantSD {
		t.Errorf("posterior mean %.4f, analytic %.4f: off by more than 10%% of the posterior sd %.4f", mean, wantMean, wantSD)
	}
	if math.Abs(sd/wantSD-1) > 0.1 {
		t.Errorf("posterior sd %.4f, analytic %.4f: off by more than 10%%", sd, wantSD)
	}
}

// TestResumeGivesTheUninterruptedResult: a run resumed from the generations
// an interrupted attempt saved ends where an uninterrupted run does, and
// reports only the generations it made itself.
func TestResumeGivesTheUninterruptedResult(t *testing.T) {
	for _, sampler := range samplers {
		t.Run(sampler.name, func(t *testing.T) { resumeGivesTheUninterruptedResult(t, sampler.settings) })
	}
}

func resumeGivesTheUninterruptedResult(t *testing.T, settings abc.Settings) {
	m := normalMean{n: 10, sigma: 1, ybar: 0.4}
	prior := abc.Prior{Min: []float64{-5, 0}, Max: []float64{5, 1}}
	settings.Particles, settings.Quantile, settings.Generations, settings.Seed, settings.Workers = 150, 0.5, 5, 4, 3
	whole, err := abc.SMC(context.Background(), prior, m.distance, settings)
	if err != nil {
		t.Fatal(err)
	}
	for _, saved := range []int{1, 3, 5} {
		s := settings
		s.Resume = whole.Generations[:saved]
		var reported []int
		s.Progress = func(g abc.Generation) { reported = append(reported, g.Index) }
		resumed, err := abc.SMC(context.Background(), prior, m.distance, s)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(resumed, whole) {
			t.Errorf("resumed after %d generations: a different result", saved)
		}
		if len(reported) != len(whole.Generations)-saved || (len(reported) > 0 && reported[0] != saved) {
			t.Errorf("resumed after %d generations: progress reported generations %v", saved, reported)
		}
	}
	s := settings
	s.Resume = whole.Generations[1:2]
	if _, err := abc.SMC(context.Background(), prior, m.distance, s); err == nil {
		t.Error("a resume that does not start at generation 0 was accepted")
	}
}

func TestMarginal(t *testing.T) {
	g := abc.Generation{
		Particles: [][]float64{{4}, {1}, {3}, {2}},
		Weights:   []float64{0.1, 0.2, 0.3, 0.4},
	}
	m := g.Marginal(0)
	// mean 0.4+0.2+0.9+0.8 = 2.3; variance Σw(x-2.3)² = 0.1·2.89+0.2·1.69+0.3·0.49+0.4·0.09 = 0.81
	if math.Abs(m.Mean-2.3) > 1e-12 || math.Abs(m.SD-0.9) > 1e-12 {
		t.Errorf("mean %g sd %g, want 2.3 and 0.9", m.Mean, m.SD)
	}
	// Sorted: 1 (0.2), 2 (0.4), 3 (0.3), 4 (0.1): cumulative 0.2, 0.6, 0.9, 1.
	if m.Lo != 1 || m.Hi != 4 {
		t.Errorf("95%% interval %g..%g, want 1..4", m.Lo, m.Hi)
	}
}

// TestAStartPopulationRefinesToTheAnalyticPosterior: a coarse calibration
// (tolerance 0.5) handed on as the start of a finer one (tolerance 0.05)
// recovers the analytic posterior as a run from the prior does, the
// unidentified parameter included: the change of target is re-weighted,
// not assumed.
func TestAStartPopulationRefinesToTheAnalyticPosterior(t *testing.T) {
	m := normalMean{n: 20, sigma: 2}
	m.ybar = observed(42, m.n, 1.3, m.sigma)
	prior := abc.Prior{Min: []float64{-10, 0}, Max: []float64{10, 6}}
	s := abc.Settings{Sampler: abc.MCMC, Moves: 3, MaxMoves: 10, Quantile: 0.7, Particles: 2000, Tolerance: 0.5, Seed: 1, Workers: 4}
	coarse, err := abc.SMC(context.Background(), prior, m.distance, s)
	if err != nil {
		t.Fatal(err)
	}
	s.Start, s.Tolerance, s.Seed = coarse.Posterior().Particles, 0.05, 2
	res, err := abc.SMC(context.Background(), prior, m.distance, s)
	if err != nil {
		t.Fatal(err)
	}
	post := res.Posterior()
	wantMean, wantSD := m.ybar, m.sigma/math.Sqrt(float64(m.n))
	mean, sd := weighted(post, 0)
	t.Logf("coarse: %d simulations; refined: %d generations, %d simulations; mean %.4f (analytic %.4f), sd %.4f (%.4f)",
		coarse.Simulations, len(res.Generations), res.Simulations, mean, wantMean, sd, wantSD)
	if math.Abs(mean-wantMean) > 0.1*wantSD || math.Abs(sd/wantSD-1) > 0.1 {
		t.Errorf("refined posterior mean %.4f sd %.4f, analytic %.4f and %.4f: off by more than 10%%", mean, sd, wantMean, wantSD)
	}
	umean, usd := weighted(post, 1)
	if math.Abs(umean-3) > 0.1*3 || math.Abs(usd/(6/math.Sqrt(12))-1) > 0.1 {
		t.Errorf("an unidentified parameter has posterior mean %.3f and sd %.3f, want its prior's 3 and %.3f", umean, usd, 6/math.Sqrt(12))
	}
	if g0 := res.Generations[0]; !reflect.DeepEqual(g0.Particles[7], coarse.Posterior().Particles[7]) {
		t.Errorf("generation 0's slot 7 is %v, not the start set %v", g0.Particles[7], coarse.Posterior().Particles[7])
	}
	// A start set outside the prior, or under PMC, is refused.
	bad := s
	bad.Start = [][]float64{{11, 1}}
	if _, err := abc.SMC(context.Background(), prior, m.distance, bad); err == nil {
		t.Error("a start set outside the prior was accepted")
	}
	bad.Start, bad.Sampler, bad.MaxAttempts = coarse.Posterior().Particles, abc.PMC, 10
	if _, err := abc.SMC(context.Background(), prior, m.distance, bad); err == nil {
		t.Error("a start population under PMC was accepted")
	}
}
