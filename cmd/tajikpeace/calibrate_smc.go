package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tajikpeace/tajikpeace"
	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/summary"
)

// smcJob is one calibration by ABC sequential Monte Carlo, as the command
// line gave it.
type smcJob struct {
	ref      string
	tpl      *scenarios.Template
	base     *scenarios.Resolved
	params   []paramSpec
	target   patterns.Target
	settings studies.SMCSettings
	out      string
	force    bool
	format   string
	quiet    bool
	// stopAfter > 0 stops after that many new generations as if
	// interrupted (for tests).
	stopAfter int
	// from is the calibration this one starts from (--from), if any.
	from *startInfo
}

// startInfo is what the manifest records of the calibration a refinement
// started from.
type startInfo struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// startKey is what a start population adds to the checkpoint's key:
// nothing without one, so that the key of a calibration from the priors is
// what it always was.
func startKey(from *startInfo) string {
	if from == nil {
		return ""
	}
	return "from " + from.SHA256
}

// savedRunTarget is the target a saved run makes for SMC (a synthetic
// history whose parameters are known): its scenario is run again with its
// seed and number of runs, and every pattern read from the runs. The share
// of runs in historical order must come out as the run's summary says, or
// the run was written by a model this version does not reproduce.
func savedRunTarget(cmd *cobra.Command, dir string, workers int) (patterns.Target, error) {
	if err := results.CheckRunDir(dir); err != nil {
		return patterns.Target{}, fmt.Errorf("--target: %w", err)
	}
	var man results.Manifest
	if err := results.ReadJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s: %w", dir, err)
	}
	if !man.Complete || man.Runs < 1 {
		return patterns.Target{}, fmt.Errorf("--target %s: not a complete run directory (manifest.json: complete %v, runs %d)", dir, man.Complete, man.Runs)
	}
	tpl, err := scenarios.NewTemplate(filepath.Join(dir, "scenario.yaml"))
	if err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s:\n%w", dir, err)
	}
	res, err := tpl.Load(nil)
	if err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s:\n%w", dir, err)
	}
	runs, err := sim.Ensemble(cmd.Context(), agents.New(res.Scenario), man.Seed, man.Runs, workers, sim.Options{})
	if err != nil {
		return patterns.Target{}, err
	}
	var table summary.Table
	if err := results.ReadJSON(filepath.Join(dir, "summary.json"), &table); err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s: %w", dir, err)
	}
	hist, err := tajikpeace.History()
	if err != nil {
		return patterns.Target{}, err
	}
	if again := summary.Summarise(res.Scenario, man.Seed, runs, hist); again.InOrder != table.InOrder {
		return patterns.Target{}, fmt.Errorf("--target %s: run again, its %d runs come in historical order in %.4f of runs, not %.4f as its summary says: it was written by another version of the model",
			dir, man.Runs, again.InOrder, table.InOrder)
	}
	return patterns.FromResults(dir, res.Scenario, runs)
}

// savedGeneration is a generation as the checkpoint keeps it: JSON cannot
// hold the +Inf tolerance of generation 0, so the tolerance is text.
type savedGeneration struct {
	abc.Generation
	Tolerance string `json:"Tolerance"` // shadows Generation.Tolerance
}

func movesText(g abc.Generation) string {
	if g.Moves == 0 {
		return ""
	}
	return fmt.Sprintf(" of %d moves a particle", g.Moves)
}

func (j *smcJob) runs(g abc.Generation) int { return g.Simulations * j.settings.Seeds }

func runCalibrateSMC(cmd *cobra.Command, j *smcJob) error {
	s := &j.settings
	// The stopping rules are not in the key: they decide only when to stop,
	// not what each generation is, so an interrupted calibration can be
	// carried on with a larger budget, or finished early with a smaller one.
	cp, err := results.OpenCheckpoint(j.out, j.force, "calibrate-smc", j.base.Hash, j.params, j.target.Key(), s.Patterns,
		s.Particles, s.Seeds, s.Quantile, s.Sampler, s.Moves, s.MaxMoves, s.MaxAttempts, s.Seed, startKey(j.from))
	if err != nil {
		return err
	}
	defer cp.Close()
	for i, line := range cp.Done() {
		var g savedGeneration
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return fmt.Errorf("%s: line %d: %v: delete the file to start afresh", cp.Path(), i+2, err)
		}
		if g.Generation.Tolerance, err = strconv.ParseFloat(g.Tolerance, 64); err != nil {
			return fmt.Errorf("%s: line %d: tolerance %q: delete the file to start afresh", cp.Path(), i+2, g.Tolerance)
		}
		s.Resume = append(s.Resume, g.Generation)
	}
	ew := cmd.ErrOrStderr()
	if len(s.Resume) > 0 {
		fmt.Fprintf(ew, "resuming: %d generations already made (%s)\n", len(s.Resume), cp.Path())
	}
	var (
		mu  sync.Mutex
		bar *progressbar.ProgressBar
	)
	newBar := func(gen int) {
		if j.quiet || !isTerminal() {
			return
		}
		bar = progressbar.NewOptions(s.Particles, progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription(fmt.Sprintf("generation %d", gen)), progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("particles"), progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	newBar(len(s.Resume))
	made := 0
	var saveErr error
	s.Accepted = func(int) {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			_ = bar.Add(1)
		}
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	s.Progress = func(g abc.Generation) {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			_ = bar.Finish()
		}
		line, err := json.Marshal(savedGeneration{Generation: g, Tolerance: results.ExactFloat(g.Tolerance)})
		if err == nil {
			err = cp.Add(string(line))
		}
		if err != nil && saveErr == nil {
			saveErr = err
			cancel()
		}
		if !j.quiet {
			fmt.Fprintf(ew, "generation %d: tolerance %.4g, ESS %.0f of %d, %d runs, acceptance %.3f%s\n",
				g.Index, g.Tolerance, g.ESS, len(g.Particles), j.runs(g), g.Acceptance, movesText(g))
		}
		made++
		if j.stopAfter > 0 && made >= j.stopAfter {
			cancel()
			return
		}
		newBar(g.Index + 1)
	}
	res, err := studies.CalibrateSMC(ctx, j.tpl, j.params, j.target, *s)
	stalled := errors.Is(err, abc.ErrStalled)
	switch {
	case saveErr != nil:
		return saveErr
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("interrupted after %d generations; nothing was written to the output directory, and the finished generations are kept in %s: run the same command again to continue",
			len(cp.Done()), cp.Path())
	case err != nil && !stalled:
		return err
	case stalled:
		fmt.Fprintf(ew, "warning: %v; the posterior is the last complete generation\n", err)
	}
	return publishSMC(cmd, j, res)
}

// publishSMC prints the posterior and the fit and writes the output
// directory.
func publishSMC(cmd *cobra.Command, j *smcJob, res *abc.Result) error {
	post := res.Posterior()
	s := j.settings
	margs := make([]abc.Marginal, len(j.params))
	var means []string
	for i, p := range j.params {
		margs[i] = post.Marginal(i)
		means = append(means, p.Path+"="+strconv.FormatFloat(margs[i].Mean, 'g', 6, 64))
	}
	totalRuns := res.Simulations * s.Seeds
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "ABC-SMC against %s: %d particles x %d runs, %d generations (stopped: %s), %d runs in all; tolerance %.4g, ESS %.0f\n\n",
		j.target.Name, s.Particles, s.Seeds, len(res.Generations), res.Stopped, totalRuns, post.Tolerance, post.ESS)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tprior\tposterior mean\tsd\t95% interval\tof prior width\t")
	for i, p := range j.params {
		m := margs[i]
		fmt.Fprintf(tw, "%s\t%s %g..%g\t%.4g\t%.3g\t%.4g..%.4g\t%.0f%%\t\n", p.Path, p.Prior, p.Min, p.Max, m.Mean, m.SD, m.Lo, m.Hi,
			100*(m.Hi-m.Lo)/(p.Max-p.Min))
	}
	tw.Flush()
	fit, err := studies.FitTable(cmd.Context(), j.tpl, j.base, means, j.target, s.Seed, s.Workers)
	if err != nil {
		return err
	}
	before, after, err := patternTable(cmd, j, means)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\npatterns (errors in their units, capped at %g; medians of 64 runs)\n", patterns.Cap)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "pattern\tweight\tbefore\tafter\t")
	for i, b := range before {
		fmt.Fprintf(tw, "%s\t%g\t%.2f\t%.2f\t\n", b.Pattern, b.Weight, b.Error, after[i].Error)
	}
	tw.Flush()

	extends, err := extendsRef(j.ref)
	if err != nil {
		return err
	}
	err = results.Publish(j.out, j.force, func(tmp string) error {
		rows := [][]string{append(append([]string{"particle"}, paramPaths(j.params)...), "weight", "distance")}
		for k, theta := range post.Particles {
			rec := []string{strconv.Itoa(k)}
			for _, x := range theta {
				rec = append(rec, results.ExactFloat(x))
			}
			rows = append(rows, append(rec, results.ExactFloat(post.Weights[k]), results.ExactFloat(post.Distances[k])))
		}
		if err := results.WriteCSV(filepath.Join(tmp, "posterior.csv"), rows); err != nil {
			return err
		}
		gens := [][]string{{"generation", "tolerance", "ess", "moves", "simulations", "runs", "acceptance"}}
		for _, g := range res.Generations {
			gens = append(gens, []string{strconv.Itoa(g.Index), results.ExactFloat(g.Tolerance), strconv.FormatFloat(g.ESS, 'f', 1, 64),
				strconv.Itoa(g.Moves), strconv.Itoa(g.Simulations), strconv.Itoa(j.runs(g)), strconv.FormatFloat(g.Acceptance, 'g', 6, 64)})
		}
		if err := results.WriteCSV(filepath.Join(tmp, "generations.csv"), gens); err != nil {
			return err
		}
		pat := [][]string{{"pattern", "weight", "error_before", "error_after"}}
		for i, b := range before {
			pat = append(pat, []string{b.Pattern, results.ExactFloat(b.Weight), strconv.FormatFloat(b.Error, 'g', 6, 64), strconv.FormatFloat(after[i].Error, 'g', 6, 64)})
		}
		if err := results.WriteCSV(filepath.Join(tmp, "patterns.csv"), pat); err != nil {
			return err
		}
		header := []string{
			fmt.Sprintf("Calibrated by ABC-SMC against %s (%d particles x %d runs, %d generations).", j.target.Name, s.Particles, s.Seeds, len(res.Generations)),
			"Weighted posterior means; the weighted sample is posterior.csv, its summary manifest.json.",
		}
		fitted, err := scenarios.Overlay(j.base, extends, j.base.Scenario.Name+"-calibrated", means, header)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, "calibrated.yaml"), fitted, 0o644); err != nil {
			return err
		}
		if err := writeFitFiles(tmp, fit, j.target.Name, j.ref, j.format); err != nil {
			return err
		}
		pi := &plots.PosteriorInput{Title: fmt.Sprintf("Marginal posteriors (%d weighted particles, ESS %.0f; bars: %% of the weight)", len(post.Particles), post.ESS)}
		for i, p := range j.params {
			pi.Params = append(pi.Params, p.Path)
			pi.Min, pi.Max = append(pi.Min, p.Min), append(pi.Max, p.Max)
			var xs []float64
			for _, theta := range post.Particles {
				xs = append(xs, theta[i])
			}
			pi.Accepted = append(pi.Accepted, xs)
			pi.Weights = append(pi.Weights, post.Weights)
			pi.Mean = append(pi.Mean, margs[i].Mean)
		}
		b, err := plots.Posterior(pi, j.format)
		if err != nil {
			return fmt.Errorf("posterior.%s: %w", j.format, err)
		}
		if err := os.WriteFile(filepath.Join(tmp, "posterior."+j.format), b, 0o644); err != nil {
			return err
		}
		if b, err := plots.Pairs(pairsInput(j.params, post, margs), j.format); err != nil {
			return fmt.Errorf("pairs.%s: %w", j.format, err)
		} else if err := os.WriteFile(filepath.Join(tmp, "pairs."+j.format), b, 0o644); err != nil {
			return err
		}
		postJSON := map[string]any{}
		for i, p := range j.params {
			m := margs[i]
			postJSON[p.Path] = map[string]any{"mean": m.Mean, "sd": m.SD, "lo95": m.Lo, "hi95": m.Hi,
				"prior": p.Prior, "prior_min": p.Min, "prior_max": p.Max}
		}
		var genJSON []map[string]any
		for _, g := range res.Generations {
			genJSON = append(genJSON, map[string]any{"generation": g.Index, "tolerance": results.ExactFloat(g.Tolerance), "ess": g.ESS,
				"moves": g.Moves, "simulations": g.Simulations, "runs": j.runs(g), "acceptance": g.Acceptance})
		}
		man := map[string]any{"tool": "tajikpeace", "version": version(), "vcs_revision": revision(), "command": os.Args,
			"scenario": j.ref, "target": j.target.Name,
			"method":    methodText(s.Sampler),
			"particles": s.Particles, "runs_per_simulation": s.Seeds, "quantile": s.Quantile, "sampler": samplerName(s.Sampler),
			"moves": map[string]int{"min": s.Moves, "max": s.MaxMoves}, "min_acceptance": s.MinAcceptance,
			"stopping": map[string]any{"tolerance": s.Tolerance, "generations": s.Generations, "runs": s.Runs, "max_attempts": s.MaxAttempts},
			"stopped":  res.Stopped, "simulations": res.Simulations, "runs": totalRuns, "generations": genJSON,
			"patterns": patternNames(before), "posterior": postJSON,
			"seed": s.Seed, "seed_scheme": "proposal streams chacha8(sha256(\"tajikpeace/abc/v1\" | seed | generation | particle | attempt)); each simulation's runs 0..seeds-1 under the master seed its stream draws; " + sim.SeedScheme,
			"distance": fmt.Sprintf("weighted RMS of pattern errors, each capped at %g (docs/model.md, section 13)", patterns.Cap),
			"complete": true}
		if j.from != nil {
			man["started_from"] = j.from
		}
		return results.WriteJSONFile(filepath.Join(tmp, "manifest.json"), man)
	})
	if err != nil {
		return err
	}
	if err := j.removeCheckpoint(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (calibrated.yaml extends %s)\n", j.out, strings.TrimSpace(extends))
	return nil
}

func (j *smcJob) removeCheckpoint() error {
	if err := os.Remove(filepath.Clean(j.out) + ".partial"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("the output is complete, but its checkpoint could not be removed: %w", err)
	}
	return nil
}

func patternNames(bs []patterns.Breakdown) []map[string]any {
	var out []map[string]any
	for _, b := range bs {
		out = append(out, map[string]any{"pattern": b.Pattern, "weight": b.Weight})
	}
	return out
}

// patternTable scores every pattern of the target before and after the
// calibration (64 runs each, the same streams).
func patternTable(cmd *cobra.Command, j *smcJob, after []string) ([]patterns.Breakdown, []patterns.Breakdown, error) {
	score := func(sets []string) ([]patterns.Breakdown, error) {
		res, err := j.tpl.Load(sets)
		if err != nil {
			return nil, err
		}
		rs, err := sim.Ensemble(cmd.Context(), agents.New(res.Scenario), j.settings.Seed, 64, j.settings.Workers, sim.Options{})
		if err != nil {
			return nil, err
		}
		_, _, parts := j.target.Distance(j.settings.Patterns, res.Scenario, rs)
		return parts, nil
	}
	before, err := score(nil)
	if err != nil {
		return nil, nil, err
	}
	afterParts, err := score(after)
	return before, afterParts, err
}

// extendsRef is how a calibrated scenario names the one it extends: a
// built-in by name, a file by its absolute path.
func extendsRef(ref string) (string, error) {
	if slices.Contains(scenarios.Builtin(), ref) {
		return ref, nil
	}
	return filepath.Abs(ref)
}

// writeFitFiles writes fit.csv and the fit figure.
func writeFitFiles(tmp string, fit []studies.FitRow, targetName, ref, format string) error {
	fitRows := [][]string{{"milestone", "target", "before", "before_error_days", "after", "after_error_days"}}
	fi := &plots.FitInput{Title: fmt.Sprintf("Fit to %s before and after calibration (%s)", targetName, ref)}
	for _, r := range fit {
		fitRows = append(fitRows, []string{r.ID, dayText(r.Target), dayText(r.Before), strings.TrimPrefix(errText(r.Before, r.Target), "+"),
			dayText(r.After), strings.TrimPrefix(errText(r.After, r.Target), "+")})
		fi.Milestones = append(fi.Milestones, r.ID)
		fi.Before = append(fi.Before, r.Before-r.Target)
		fi.After = append(fi.After, r.After-r.Target)
	}
	if err := results.WriteCSV(filepath.Join(tmp, "fit.csv"), fitRows); err != nil {
		return err
	}
	b, err := plots.Fit(fi, format)
	if err != nil {
		return fmt.Errorf("fit.%s: %w", format, err)
	}
	return os.WriteFile(filepath.Join(tmp, "fit."+format), b, 0o644)
}

func isTerminal() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

func samplerName(s abc.Sampler) string {
	if s == abc.MCMC {
		return "mcmc"
	}
	return "pmc"
}

func methodText(s abc.Sampler) string {
	if s == abc.MCMC {
		return "ABC-SMC with Metropolis-Hastings moves (Del Moral, Doucet & Jasra 2012), an adaptive number of moves (Drovandi & Pettitt 2011) and an adaptive tolerance"
	}
	return "ABC population Monte Carlo (Beaumont, Cornuet, Marin & Robert 2009) with an adaptive tolerance (Lenormand, Jabot & Deffuant 2013)"
}

// pairsInput picks the (at most five) parameters the calibration pinned
// down most - the narrowest 95% intervals against their prior ranges - for
// the pairs plot.
func pairsInput(params []paramSpec, post abc.Generation, margs []abc.Marginal) *plots.PairsInput {
	order := make([]int, len(params))
	for i := range order {
		order[i] = i
	}
	rel := func(i int) float64 { return (margs[i].Hi - margs[i].Lo) / (params[i].Max - params[i].Min) }
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rel(a), rel(b)) })
	order = order[:min(5, len(order))]
	slices.Sort(order)
	in := &plots.PairsInput{Title: "Posterior pairs of the best-identified parameters", Weights: post.Weights}
	for _, i := range order {
		in.Params = append(in.Params, params[i].Path)
		in.Min, in.Max = append(in.Min, params[i].Min), append(in.Max, params[i].Max)
		xs := make([]float64, len(post.Particles))
		for k, theta := range post.Particles {
			xs[k] = theta[i]
		}
		in.Values = append(in.Values, xs)
	}
	return in
}
