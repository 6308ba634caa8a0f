package studies

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// SMCSettings control a calibration by ABC sequential Monte Carlo.
type SMCSettings struct {
	// Particles per generation; Seeds, the runs that measure each proposal
	// (an ensemble of its own, seeded from the proposal's stream).
	Particles, Seeds int
	// Quantile of the last generation's distances that becomes the next
	// tolerance.
	Quantile float64
	// Stopping rules: a tolerance, a number of generations, a budget of
	// runs (Seeds per simulation); at least one.
	Tolerance   float64
	Generations int
	Runs        int
	// Sampler and Moves choose abc's sampler (MCMC: Moves
	// Metropolis–Hastings steps a particle a generation); MaxAttempts
	// bounds the proposals one particle may try in a generation under PMC;
	// MinAcceptance stops the run once moves are rarely accepted.
	Sampler       abc.Sampler
	Moves         int
	MaxMoves      int
	MaxAttempts   int
	MinAcceptance float64
	Seed          uint64
	Workers       int
	// Patterns are the patterns the distance counts.
	Patterns patterns.Selection
	// Start, if set, is generation 0 instead of draws from the priors: the
	// population of an earlier calibration of the same parameters and
	// priors, refined here (abc.Settings.Start).
	Start [][]float64
	// Progress, Accepted and Resume are abc's (see abc.Settings).
	Progress func(abc.Generation)
	Accepted func(generation int)
	Resume   []abc.Generation
}

// Check says what is wrong with the settings, if anything, naming each
// setting by the flag of 'tajikpeace calibrate' that sets it.
func (s SMCSettings) Check() error {
	switch {
	case s.Particles < 10:
		return fmt.Errorf("--particles %d: expected at least 10", s.Particles)
	case s.Seeds < 1:
		return fmt.Errorf("--seeds %d: expected at least 1 run per draw", s.Seeds)
	case s.Sampler == abc.MCMC && (s.Moves < 1 || s.MaxMoves < s.Moves):
		return fmt.Errorf("--moves %d, --max-moves %d: expected 1 <= --moves <= --max-moves", s.Moves, s.MaxMoves)
	case s.Sampler == abc.PMC && s.MaxAttempts < 1:
		return fmt.Errorf("--max-attempts %d: expected at least 1", s.MaxAttempts)
	case !(s.MinAcceptance >= 0 && s.MinAcceptance < 1):
		return fmt.Errorf("--min-acceptance %g: expected 0 (none) up to below 1", s.MinAcceptance)
	case !(s.Quantile > 0 && s.Quantile < 1):
		return fmt.Errorf("--quantile %g: expected a number between 0 and 1", s.Quantile)
	case s.Tolerance < 0 || math.IsNaN(s.Tolerance) || math.IsInf(s.Tolerance, 0):
		return fmt.Errorf("--tolerance %g: expected a finite distance, 0 for none", s.Tolerance)
	case s.Generations < 0 || s.Runs < 0:
		return fmt.Errorf("--generations and --budget: expected 0 (no limit) or more")
	case s.Tolerance == 0 && s.Generations == 0 && s.Runs == 0:
		return fmt.Errorf("no stopping rule: set --tolerance, --generations or --budget")
	case s.Runs > 0 && s.Runs < s.Particles*s.Seeds:
		return fmt.Errorf("--budget %d runs is less than one generation (--particles x --seeds = %d)", s.Runs, s.Particles*s.Seeds)
	}
	return nil
}

// CalibrateSMC fits params of the scenario template to target by ABC
// sequential Monte Carlo (abc.SMC): each proposal is run Seeds times and
// scored by target.Distance. The context cancels it between proposals.
func CalibrateSMC(ctx context.Context, tpl *scenarios.Template, params []Param, target patterns.Target, s SMCSettings) (*abc.Result, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if len(params) == 0 {
		return nil, errors.New("calibrate: no parameter to fit")
	}
	if s.Seeds < 1 {
		return nil, fmt.Errorf("calibrate: %d runs per proposal, want at least 1", s.Seeds)
	}
	if s.Runs < 0 {
		return nil, fmt.Errorf("calibrate: a budget of %d runs", s.Runs)
	}
	dist := func(ctx context.Context, theta []float64, seed uint64) (float64, error) {
		sc, err := tpl.Scenario(Sets(params, theta))
		if err != nil {
			return 0, err
		}
		m := agents.New(sc)
		runs := make([]*sim.Result, s.Seeds)
		for r := range runs {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			runs[r] = sim.Run(m, seed, r, sim.Options{})
		}
		d, _, _ := target.Distance(s.Patterns, sc, runs)
		return d, nil
	}
	return abc.SMC(ctx, Prior(params), dist, abc.Settings{
		Particles: s.Particles, Quantile: s.Quantile, Tolerance: s.Tolerance, Generations: s.Generations,
		Simulations: s.Runs / s.Seeds, Sampler: s.Sampler, Moves: s.Moves, MaxMoves: s.MaxMoves, MaxAttempts: s.MaxAttempts, MinAcceptance: s.MinAcceptance, Seed: s.Seed, Workers: s.Workers,
		Start: s.Start, Progress: s.Progress, Accepted: s.Accepted, Resume: s.Resume,
	})
}
