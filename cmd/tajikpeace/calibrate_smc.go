package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/progress"
	"github.com/tajikpeace/tajikpeace/patterns"
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
		bar *progress.Bar
	)
	newBar := func(gen int) {
		bar = progress.New(j.quiet, s.Particles, 0, fmt.Sprintf("generation %d", gen), "particles")
	}
	newBar(len(s.Resume))
	var saveErr error
	s.Accepted = func(int) {
		mu.Lock()
		defer mu.Unlock()
		bar.Add(1)
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	s.Progress = func(g abc.Generation) {
		mu.Lock()
		defer mu.Unlock()
		bar.Finish()
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
				g.Index, g.Tolerance, g.ESS, len(g.Particles), g.Simulations*s.Seeds, g.Acceptance, movesText(g))
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
	return publishSMC(cmd, j, res, cp)
}

// publishSMC prints the posterior and the fit and writes the output
// directory.
func publishSMC(cmd *cobra.Command, j *smcJob, res *abc.Result, cp *results.Checkpoint) error {
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
		return figures.SMC(tmp, o, j.format)
	})
	if err != nil {
		return err
	}
	if err := cp.Remove(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (calibrated.yaml extends %s)\n", j.out, strings.TrimSpace(extends))
	return nil
}
