package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/studies"
)

// smcJob is one calibration by ABC sequential Monte Carlo, as the command
// line gave it.
type smcJob struct {
	*analysis
	target   patterns.Target
	settings studies.SMCSettings
	// from is the calibration this one starts from (--from), if any.
	from *studies.StartInfo
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
	cp, err := results.OpenCheckpoint(j.out, j.force, studies.SMCKey(j.base, j.params, j.target, *s, j.from)...)
	if err != nil {
		return err
	}
	defer cp.Close()
	if s.Resume, err = studies.DecodeGenerations(cp); err != nil {
		return err
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
		line, err := studies.EncodeGeneration(g)
		if err == nil {
			err = cp.Add(line)
		}
		if err != nil && saveErr == nil {
			saveErr = err
			cancel()
		}
		if !j.quiet {
			fmt.Fprintf(ew, "generation %d: tolerance %.4g, ESS %.0f of %d, %d runs, acceptance %.3f%s\n",
				g.Index, g.Tolerance, g.ESS, len(g.Particles), j.runs(g), g.Acceptance, movesText(g))
		}
		finished(ctx, "generation")
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
	o := &studies.SMCOutput{Scenario: j.ref, Base: j.base, Params: j.params, Target: j.target, Settings: j.settings, Result: res, StartedFrom: j.from}
	post, s, margs, means := res.Posterior(), j.settings, o.Marginals(), o.Means()
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "ABC-SMC against %s: %d particles x %d runs, %d generations (stopped: %s), %d runs in all; tolerance %.4g, ESS %.0f\n\n",
		j.target.Name, s.Particles, s.Seeds, len(res.Generations), res.Stopped, res.Simulations*s.Seeds, post.Tolerance, post.ESS)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tprior\tposterior mean\tsd\t95% interval\tof prior width\t")
	for i, p := range j.params {
		m := margs[i]
		fmt.Fprintf(tw, "%s\t%s %g..%g\t%.4g\t%.3g\t%.4g..%.4g\t%.0f%%\t\n", p.Path, p.Prior, p.Min, p.Max, m.Mean, m.SD, m.Lo, m.Hi,
			100*(m.Hi-m.Lo)/(p.Max-p.Min))
	}
	tw.Flush()
	var err error
	if o.Fit, err = studies.FitTable(cmd.Context(), j.tpl, j.base, means, j.target, s.Seed, s.Workers); err != nil {
		return err
	}
	if o.Before, o.After, err = studies.PatternTable(cmd.Context(), j.tpl, j.target, s, means); err != nil {
		return err
	}
	fmt.Fprintf(w, "\npatterns (errors in their units, capped at %g; medians of 64 runs)\n", patterns.Cap)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "pattern\tweight\tbefore\tafter\t")
	for i, b := range o.Before {
		fmt.Fprintf(tw, "%s\t%g\t%.2f\t%.2f\t\n", b.Pattern, b.Weight, b.Error, o.After[i].Error)
	}
	tw.Flush()
	extends, err := studies.ExtendsRef(j.ref)
	if err != nil {
		return err
	}
	err = results.Publish(j.out, j.force, func(tmp string) error {
		if err := studies.WriteSMC(tmp, o, provenance()); err != nil {
			return err
		}
		if err := drawFit(tmp, o.Fit, j.target.Name, j.ref, j.format); err != nil {
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
		if err := writeFigure(tmp, "posterior", j.format, func() ([]byte, error) { return plots.Posterior(pi, j.format) }); err != nil {
			return err
		}
		return writeFigure(tmp, "pairs", j.format, func() ([]byte, error) { return plots.Pairs(pairsInput(j.params, post, margs), j.format) })
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

func isTerminal() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

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
