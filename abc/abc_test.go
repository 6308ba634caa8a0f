package abc_test

import (
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
	m := normalMean{n: 20, sigma: 2}
	m.ybar = observed(42, m.n, 1.3, m.sigma)
	prior := abc.Prior{Min: []float64{-10, 0}, Max: []float64{10, 6}}
	var gens []abc.Generation
	res, err := abc.SMC(context.Background(), prior, m.distance, abc.Settings{
		Particles: 2000, Quantile: 0.5, Tolerance: 0.05, MaxAttempts: 100000, Seed: 1, Workers: 4,
		Progress: func(g abc.Generation) { gens = append(gens, g) },
	})
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
	m := normalMean{n: 10, sigma: 1, ybar: 0.4}
	prior := abc.Prior{Min: []float64{-5, 0}, Max: []float64{5, 1}}
	run := func(workers int) *abc.Result {
		res, err := abc.SMC(context.Background(), prior, m.distance, abc.Settings{
			Particles: 200, Quantile: 0.5, Generations: 5, MaxAttempts: 10000, Seed: 9, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	one, many := run(1), run(7)
	if !reflect.DeepEqual(one, many) {
		t.Error("1 worker and 7 workers gave different generations")
	}
	other, err := abc.SMC(context.Background(), prior, m.distance, abc.Settings{
		Particles: 200, Quantile: 0.5, Generations: 5, MaxAttempts: 10000, Seed: 10, Workers: 2})
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
