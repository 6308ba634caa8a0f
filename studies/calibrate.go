package studies

import (
	"context"
	"errors"
	"fmt"

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

// CalibrateSMC fits params of the scenario template to target by ABC
// sequential Monte Carlo (abc.SMC): each proposal is run Seeds times and
// scored by target.Distance. The context cancels it between proposals.
func CalibrateSMC(ctx context.Context, tpl *scenarios.Template, params []Param, target patterns.Target, s SMCSettings) (*abc.Result, error) {
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
