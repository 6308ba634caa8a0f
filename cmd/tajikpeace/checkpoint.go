package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/studies"
)

// measurePoints measures n points (see studies.Measure) with a progress
// bar, saying first how many an interrupted attempt finished; stopAfter > 0
// stops after that many new points as if interrupted (for tests).
func measurePoints(cmd *cobra.Command, noun string, cp *results.Checkpoint, cache *studies.ModelCache, n, seeds int, seed uint64, workers int,
	quiet bool, stopAfter int, reduce func(point int, runs []*sim.Result) string) error {
	resumed := len(cp.Done())
	if resumed > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "resuming: %d of %d %s already measured (%s)\n", resumed, n, noun, cp.Path())
	}
	m := studies.Measure{Noun: noun, Checkpoint: cp, Models: cache, Points: n, Seeds: seeds, Seed: seed, Workers: workers}
	if bar := progressBar(quiet, n*seeds, resumed*seeds); bar != nil {
		m.Progress = func(int, int) { _ = bar.Add(1) }
	}
	m.PointDone = stopAfterPoints(stopAfter)
	return m.Run(cmd.Context(), reduce)
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
