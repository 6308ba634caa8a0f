package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/studies"
)

func newCalibrateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calibrate [SCENARIO] --params FILE|all",
		Short: "Fit parameters to the historical sequence by approximate Bayesian computation",
		Long: `Fit the parameters named in FILE (path; min and max, or the range of the
table in docs/model.md; prior uniform, or normal with a mean and sd,
truncated to the range), or with --params all every calibratable parameter
of that table a continuous prior can draw, by approximate Bayesian
computation (ABC).

--method smc (the default) is ABC sequential Monte Carlo: generation 0
draws --particles parameter sets from the priors, each measured by --seeds
runs of its own; each later generation's tolerance is the --quantile of the
last one's distances. With --sampler mcmc (the default; Del Moral, Doucet &
Jasra 2012) the particles within it are resampled and moved by
Metropolis-Hastings steps that stay within it (a random walk in the logit of
each prior range with the population's covariance, its scale adapted to the
acceptance; between --moves and --max-moves steps, as many as give a
particle a 99% chance to move); with --sampler pmc (Beaumont, Cornuet, Marin
& Robert 2009; for a few parameters) each particle is found by moving a
particle of the last generation until within the tolerance, and weighted by
prior over kernel density. It stops at --tolerance, after --generations
generations, once --budget runs are spent, when the tolerance stops falling
or fewer than --min-acceptance of the moves are accepted, and prints each
generation's tolerance, effective sample size, moves, runs and acceptance.

The SMC distance counts several patterns (docs/model.md, section 13): the
dated milestones, the historical order, the agreed terms, the ceasefire's
collapse and restoration, and two patterns the sources state in words
(Russia's turn toward pressing for peace begins between July 1993 and the
end of 1994; the opposition's offensive breaks the ceasefire early in 1996).
--fit-until DATE keeps only what was known on that date (a forecast's
calibration: fit to 1995, score on 1996-97). --weight PATTERN=W replaces a
pattern's documented weight (repeatable; patterns.csv lists each pattern
with the weight it had), to ask which parameters fit when, say, the
historical order counts for more.

--method rejection draws --samples parameter vectors, runs each --seeds
times (common random numbers) and keeps the --accept fraction closest to
the target; its distance counts the dated milestones and the UTO's share of
posts only.

Each error is in its own unit (91 days for a date, 0.2 for a share of runs,
15% of a term), capped at 4; a milestone not reached in half the runs counts
as the cap. The target is the historical sequence, or with --target DIR a
saved run (a synthetic check: fit a run whose parameters are known, and see
whether the posterior covers them; SMC runs it again to read every pattern).

Writes posterior.csv (smc: the last generation's weighted particles;
rejection: every draw, its distance, whether accepted), generations.csv and
patterns.csv (smc), a scenario that extends the input with the posterior
means (calibrated.yaml), fit.csv and fit.png (each target milestone's median
before and after, 64 runs each), posterior.png (the marginal posteriors) and
a manifest; prints each parameter's posterior mean, sd and 95% interval.

Interrupted (Ctrl-C, a killed job), it writes nothing to the output directory
but keeps the finished draws (smc: generations) in OUT.partial; the same
command run again makes only the rest and writes what an uninterrupted run
would.`,
		Example: `  tajikpeace calibrate endogenous --params all --particles 1000 --seeds 8 --generations 10
  tajikpeace calibrate endogenous --params all --fit-until 1995-12-31 --out out/posterior-1995
  tajikpeace calibrate --method rejection --params params.yaml --samples 2000 --seeds 8 --accept 0.05`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			method := v.GetString("method")
			if method != "smc" && method != "rejection" {
				return fmt.Errorf("--method %q: expected smc or rejection", method)
			}
			a, err := analysisInputs(v, args, "calibrate", v.GetString("params") == "all")
			if err != nil {
				return err
			}
			seeds := v.GetInt("seeds")
			if seeds < 1 {
				return fmt.Errorf("--seeds %d: expected at least 1 run per draw", seeds)
			}
			lock, err := a.output(cmd, v, filepath.Join("out", "calibrate-"+a.base.Scenario.Name))
			if err != nil {
				return err
			}
			defer lock.Release()
			workers := a.workers
			until := v.GetString("fit-until")
			if method == "rejection" {
				if until != "" {
					return fmt.Errorf("--fit-until goes with --method smc")
				}
				if len(cliconfig.Array(cmd, v, "weight")) > 0 {
					return fmt.Errorf("--weight goes with --method smc (rejection's distance is fixed: the dated milestones and the UTO's share of posts)")
				}
				tgt, err := patterns.History()
				if dir := v.GetString("target"); dir != "" {
					tgt, err = studies.SummaryTarget(dir)
				}
				if err != nil {
					return err
				}
				samples, accept := v.GetInt("samples"), v.GetFloat64("accept")
				if samples < 10 || !(accept > 0 && accept <= 0.5) {
					return fmt.Errorf("expected --samples >= 10 and 0 < --accept <= 0.5")
				}
				return runCalibrate(cmd, a, tgt, studies.RejectionSettings{Samples: samples, Seeds: seeds, Accept: accept, Seed: v.GetUint64("seed"), Workers: workers})
			}
			tgt, err := patterns.History()
			if dir := v.GetString("target"); dir != "" {
				tgt, err = studies.SavedRunTarget(cmd.Context(), dir, workers)
			}
			if err != nil {
				return err
			}
			if until != "" {
				if tgt, err = tgt.UntilDate(until); err != nil {
					return err
				}
			}
			weights, err := patternWeights(cliconfig.Array(cmd, v, "weight"))
			if err != nil {
				return err
			}
			if tgt, err = tgt.WithWeights(weights); err != nil {
				return fmt.Errorf("--weight: %w", err)
			}
			s := studies.SMCSettings{Particles: v.GetInt("particles"), Seeds: seeds, Quantile: v.GetFloat64("quantile"),
				Tolerance: v.GetFloat64("tolerance"), Generations: v.GetInt("generations"), Runs: v.GetInt("budget"),
				Moves: v.GetInt("moves"), MaxMoves: v.GetInt("max-moves"), MaxAttempts: v.GetInt("max-attempts"), MinAcceptance: v.GetFloat64("min-acceptance"),
				Seed: v.GetUint64("seed"), Workers: workers, Patterns: patterns.All}
			switch v.GetString("sampler") {
			case "mcmc":
				s.Sampler = abc.MCMC
			case "pmc":
				s.Sampler = abc.PMC
			default:
				return fmt.Errorf("--sampler %q: expected mcmc or pmc", v.GetString("sampler"))
			}
			if err := s.Check(); err != nil {
				return err
			}
			job := &smcJob{analysis: a, target: tgt, settings: s}
			if from := v.GetString("from"); from != "" {
				if s.Sampler != abc.MCMC {
					return fmt.Errorf("--from goes with --sampler mcmc")
				}
				if job.settings.Start, job.from, err = studies.StartFrom(from, a.params, s.Particles); err != nil {
					return fmt.Errorf("--from: %w", err)
				}
			}
			return runCalibrateSMC(cmd, job)
		},
	}
	f := cmd.Flags()
	f.String("method", "smc", "smc (ABC sequential Monte Carlo) or rejection")
	f.String("params", "", "YAML file listing the parameters to fit (params: [{path, min, max}]), or all")
	f.String("target", "", "fit this saved run instead of history")
	f.String("fit-until", "", "smc: fit only what was known on this date (YYYY-MM-DD)")
	f.StringArray("weight", nil, "smc: a pattern's weight in the distance instead of its documented one: pattern=weight (repeatable; docs/model.md section 13)")
	f.Int("seeds", 8, "runs per draw")
	f.String("from", "", "smc, mcmc: start from this calibration's posterior (a built-in name, a directory or a posterior.csv) instead of the priors, to refine it with more --seeds or another target")
	f.Int("particles", 1000, "smc: particles per generation")
	f.Float64("quantile", 0.5, "smc: the next tolerance is this quantile of the last generation's distances")
	f.Float64("tolerance", 0, "smc: stop once a generation is within this distance (0: no such rule)")
	f.Int("generations", 60, "smc: stop after this many generations, the prior's included (0: no limit)")
	f.Int("budget", 0, "smc: stop once this many runs are spent (0: no limit)")
	f.String("sampler", "mcmc", "smc: mcmc (Del Moral, Doucet & Jasra 2012; tens of parameters) or pmc (Beaumont et al. 2009; a few)")
	f.Int("moves", 2, "smc, mcmc: fewest Metropolis-Hastings moves per particle per generation")
	f.Int("max-moves", 20, "smc, mcmc: most moves per particle per generation (more as acceptance falls)")
	f.Float64("min-acceptance", 0.02, "smc: stop once fewer than this share of moves (mcmc) or proposals (pmc) is accepted")
	f.Int("max-attempts", 200, "smc, pmc: proposals a particle may try in a generation before the run stops as stalled")
	f.Int("samples", 1000, "rejection: draws from the priors")
	f.Float64("accept", 0.05, "rejection: fraction of draws kept as the posterior sample")
	f.Uint64("seed", 1, "master seed (the draws and the runs)")
	commonFlags(f, "out/calibrate-SCENARIO", "workers", "quiet")
	return cmd
}

func runCalibrate(cmd *cobra.Command, a *analysis, tgt patterns.Target, rs studies.RejectionSettings) error {
	// The draws already measured by an interrupted attempt at this very
	// calibration are kept, not run again.
	cp, err := results.OpenCheckpoint(a.out, a.force, studies.RejectionKey(a.base, a.params, tgt, rs)...)
	if err != nil {
		return err
	}
	defer cp.Close() // kept for the next attempt unless removed on success
	rs.Checkpoint = cp
	rs.Progress, rs.PointDone = measureProgress(cmd, cp, "draws", rs.Seeds, a.quiet), pointFinished(cmd.Context())
	rej, err := studies.CalibrateRejection(cmd.Context(), a.tpl, a.base, a.params, tgt, rs)
	if err != nil {
		return err
	}
	samples, seeds, params := rs.Samples, rs.Seeds, a.params
	dist, order, kept, stats := rej.Distance, rej.Order, rej.Kept, rej.Marginals

	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "rejection ABC against %s: %d draws x %d runs, %d kept (distance <= %.3f; best %.3f)\n",
		tgt.Name, samples, seeds, kept, dist[order[kept-1]], dist[order[0]])
	fmt.Fprintf(w, "censored: %d of %d milestone medians never reached (counted at the cap of 4)\n\n", rej.Censored, samples*len(tgt.Milestones))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tprior\tposterior mean\tsd\t95% interval\t")
	for i, p := range params {
		fmt.Fprintf(tw, "%s\t%s %g..%g\t%.4g\t%.3g\t%.4g..%.4g\t\n", p.Path, p.Prior, p.Min, p.Max, stats[i].Mean, stats[i].SD, stats[i].Lo95, stats[i].Hi95)
	}
	tw.Flush()
	fit, err := studies.FitTable(cmd.Context(), a.tpl, a.base, rej.Means, tgt, rs.Seed, rs.Workers)
	if err != nil {
		return err
	}
	printFit(w, tgt.Name, fit)
	extends, err := studies.ExtendsRef(a.ref)
	if err != nil {
		return err
	}
	err = results.Publish(a.out, a.force, func(tmp string) error {
		o := &studies.RejectionOutput{Scenario: a.ref, Base: a.base, Params: params, Target: tgt, Settings: rs, Result: rej, Fit: fit}
		if err := studies.WriteRejection(tmp, o, provenance()); err != nil {
			return err
		}
		return figures.Rejection(tmp, o, a.format)
	})
	if err != nil {
		return err
	}
	if err := cp.Remove(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (calibrated.yaml extends %s)\n", a.out, strings.TrimSpace(extends))
	return nil
}

// printFit prints each target milestone's median before and after.
func printFit(w io.Writer, target string, fit []studies.FitRow) {
	fmt.Fprintf(w, "\nfit to %s (medians of 64 runs, errors in days)\n", target)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "milestone\ttarget\tbefore\terror\tafter\terror\t")
	for _, r := range fit {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", r.ID, studies.DayText(r.Target), studies.DayText(r.Before), studies.ErrorText(r.Before, r.Target),
			studies.DayText(r.After), studies.ErrorText(r.After, r.Target))
	}
	tw.Flush()
}

// patternWeights reads --weight values, pattern=weight each.
func patternWeights(args []string) (map[string]float64, error) {
	w := map[string]float64{}
	for _, a := range args {
		name, text, ok := strings.Cut(a, "=")
		name = strings.TrimSpace(name)
		x, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if !ok || name == "" || err != nil {
			return nil, fmt.Errorf("--weight %q: expected pattern=weight, e.g. historical_order=8", a)
		}
		if _, dup := w[name]; dup {
			return nil, fmt.Errorf("--weight %q: pattern %q weighted twice", a, name)
		}
		w[name] = x
	}
	return w, nil
}
