package main

import (
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

// stopAfterPoints stops a measurement after n new points as if interrupted
// (for tests); n = 0 never stops it.
func stopAfterPoints(n int) func(points int) error {
	if n <= 0 {
		return nil
	}
	return func(points int) error {
		if points >= n {
			return errStopped
		}
		return nil
	}
}

// addAnalysisFlags adds the flags that calibrate and sensitivity share: how
// they run (workers, progress) and where and how they write.
func addAnalysisFlags(f *pflag.FlagSet, defaultOut, noun string) {
	f.IntP("workers", "j", 0, "parallel workers (default: all cores)")
	f.String("out", "", "output directory (default "+defaultOut+")")
	f.Bool("force", false, "replace an existing output directory (and a different command's checkpoint)")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Bool("quiet", false, "no progress bar")
	f.String("config", "", "settings file (YAML) with any of these flags")
	f.Int("stop-after", 0, "stop after this many "+noun+" as if interrupted (for tests)")
	_ = f.MarkHidden("stop-after")
}
