package main

import (
	"context"
	"fmt"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tajikpeace/tajikpeace/results"
)

// measureProgress is the progress of a measurement (studies.Measure): on
// its first run it says how many points an interrupted attempt finished,
// then shows a bar of the runs.
func measureProgress(cmd *cobra.Command, cp *results.Checkpoint, noun string, seeds int, quiet bool) func(done, total int) {
	var bar *progressbar.ProgressBar
	started := false
	return func(done, total int) {
		if !started {
			started = true
			if resumed := (done - 1) / seeds; resumed > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "resuming: %d of %d %s already measured (%s)\n", resumed, total/seeds, noun, cp.Path())
			}
			bar = progressBar(quiet, total, done-1)
		}
		if bar != nil {
			_ = bar.Add(1)
		}
	}
}

// unitHookKey keys the function a command's context may carry to be told
// of every unit of work the command finishes: "run" (a sweep's), "point" (a
// measured draw or design point), "generation" (an SMC calibration's).
// Tests put one there to cancel the context at a chosen point, as Ctrl-C
// would, so the interruption they check is the one users get.
type unitHookKey struct{}

// finished tells the context's unit hook, if any, that a unit is done.
func finished(ctx context.Context, unit string) {
	if f, ok := ctx.Value(unitHookKey{}).(func(unit string)); ok {
		f(unit)
	}
}

// pointFinished is a measurement's PointDone: it tells the unit hook.
func pointFinished(ctx context.Context) func(points int) error {
	return func(int) error {
		finished(ctx, "point")
		return nil
	}
}

// addAnalysisFlags adds the flags that calibrate and sensitivity share: how
// they run (workers, progress) and where and how they write.
func addAnalysisFlags(f *pflag.FlagSet, defaultOut string) {
	f.IntP("workers", "j", 0, "parallel workers (default: all cores)")
	f.String("out", "", "output directory (default "+defaultOut+")")
	f.Bool("force", false, "replace an existing output directory (and a different command's checkpoint)")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Bool("quiet", false, "no progress bar")
	f.String("config", "", "settings file (YAML) with any of these flags")
}
