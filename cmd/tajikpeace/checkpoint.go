package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tajikpeace/tajikpeace/internal/progress"
	"github.com/tajikpeace/tajikpeace/results"
)

// measureProgress is the progress of a measurement (studies.Measure): on
// its first run it says how many points an interrupted attempt finished,
// then shows a bar of the runs.
func measureProgress(cmd *cobra.Command, cp *results.Checkpoint, noun string, seeds int, quiet bool) func(done, total int) {
	var bar *progress.Bar
	started := false
	return func(done, total int) {
		if !started {
			started = true
			if resumed := (done - 1) / seeds; resumed > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "resuming: %d of %d %s already measured (%s)\n", resumed, total/seeds, noun, cp.Path())
			}
			bar = progress.New(quiet, total, done-1, "runs", "runs")
		}
		bar.Add(1)
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

// commonFlags adds the flags most commands share: where the output goes
// (--out, its default named in the help, and --force), the figures'
// --format, the --config settings file, and those of with among
// "workers", "quiet" and "no-figures".
func commonFlags(f *pflag.FlagSet, defaultOut string, with ...string) {
	help := "output directory"
	if defaultOut != "" {
		help += " (default " + defaultOut + ")"
	}
	f.String("out", "", help)
	f.Bool("force", false, "replace an existing output directory (and any checkpoint another command left for it)")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Int("size", 0, "a PNG's width in pixels, lettering to scale (default 1280; e.g. 2560 for print)")
	f.String("config", "", "settings file (YAML) with any of these flags")
	for _, name := range with {
		switch name {
		case "workers":
			f.IntP("workers", "j", 0, "parallel workers (default: all cores); results do not depend on it")
		case "quiet":
			f.Bool("quiet", false, "no progress bar")
		case "no-figures":
			f.Bool("no-figures", false, "write no figures")
		}
	}
}
