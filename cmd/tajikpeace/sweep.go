package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/buildinfo"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
	"github.com/tajikpeace/tajikpeace/internal/progress"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/sweep"
)

// provenance is what a manifest says of this program and command line.
func provenance() studies.Provenance {
	return studies.Provenance{Tool: "tajikpeace", Version: buildinfo.Version(), Revision: buildinfo.Revision(), Command: os.Args}
}

// runProgress shows a progress bar of total runs (unless quiet or stderr is
// not a terminal) and tells the context's unit hook of each run.
func runProgress(ctx context.Context, quiet bool, total, done int) func(done, total int) error {
	bar := progress.New(quiet, total, done, "runs", "runs")
	return func(int, int) error {
		bar.Add(1)
		finished(ctx, "run")
		return nil
	}
}

// reportSweep prints what a finished sweep wrote.
func reportSweep(cmd *cobra.Command, dir string) func(studies.SweepManifest, error) error {
	return func(man studies.SweepManifest, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%d runs at %d grid points written to %s\n", man.Runs, man.Points, dir)
		return nil
	}
}

func newSweepCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sweep [SCENARIO] --vary path=from:to:steps [--vary path=v1,v2] --seeds N",
		Short: "Sweep parameters: N seeded runs at every point of a grid",
		Long: `Run the Cartesian grid of the varied parameters, --seeds replicates per grid
point, on all cores. Results stream to disk as runs finish (memory stays
flat): runs.csv has a row per run (point, replicate, the stream index that
seeds it, the parameter values, each milestone's date, the agreed terms);
points.csv a row per grid point (the share of runs reaching each milestone
and the share with a General Agreement by the end of 1997, with Wilson
intervals, the median and 10-90% of its date, each term's mean with an
interval). Both are identical whatever the number of workers.

Seeding: run (point p, replicate r) draws the streams of run index
p*seeds + r of the master seed, or, with --crn, of run index r at every
point (common random numbers). 'tajikpeace run SCENARIO --set PATH=VALUE ...
--seed SEED --run STREAM' re-runs any row alone.

Ctrl-C stops cleanly: finished runs are kept, the manifest says the sweep is
incomplete, and 'tajikpeace sweep --resume DIR' finishes it with the same
result as an uninterrupted sweep. '--shard i/n' runs the grid points p with
p % n == i; 'tajikpeace merge' joins the shards.`,
		Example: `  tajikpeace sweep --vary observers.russia.interests.taliban=0:3:7 --seeds 200
  tajikpeace sweep --vary parties.uto.cohesion=0.5:0.9:5 --vary mechanisms.track2.enabled=true,false --seeds 500 --out out/cohesion
  tajikpeace sweep --resume out/cohesion`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			workers := v.GetInt("workers")
			format, err := figureFormat(v)
			if err != nil {
				return err
			}
			opts := studies.SweepOptions{Workers: workers}
			if format != "" {
				opts.Figures = func(dir string, man studies.SweepManifest) ([]string, error) {
					return figures.Sweep(dir, man, format)
				}
			}
			quiet := v.GetBool("quiet")
			if dir := v.GetString("resume"); dir != "" {
				// The plan of a resumed sweep is the one in its manifest;
				// a flag that would change it was ignored without a word
				// (issue #12 item 20).
				var ignored []string
				for _, name := range []string{"vary", "set", "seeds", "seed", "crn", "shard", "out", "force", "posterior", "yes", "max-runs"} {
					if cmd.Flags().Changed(name) {
						ignored = append(ignored, "--"+name)
					}
				}
				if len(args) > 0 {
					ignored = append(ignored, "the scenario "+args[0])
				}
				if len(ignored) > 0 {
					return fmt.Errorf("--resume finishes the sweep in %s as it was planned: %s cannot change it (start a new sweep for another plan)", dir, strings.Join(ignored, ", "))
				}
				lock, err := claim(cmd, dir, true) // it exists: the sweep to finish
				if err != nil {
					return err
				}
				defer lock.Release()
				var man studies.SweepManifest
				if err := results.ReadJSON(filepath.Join(dir, "manifest.json"), &man); err == nil {
					opts.Progress = runProgress(cmd.Context(), quiet, man.Runs, man.RunsDone)
				}
				return reportSweep(cmd, dir)(studies.ResumeSweep(cmd.Context(), dir, opts))
			}
			ref := scenarioRef(args)
			ss := studies.SweepSettings{Scenario: ref, Vary: cliconfig.Array(cmd, v, "vary"), Sets: cliconfig.Array(cmd, v, "set"),
				Seeds: v.GetInt("seeds"), Seed: v.GetUint64("seed"), CRN: v.GetBool("crn"), Posterior: v.GetString("posterior"),
				Warn: cmd.ErrOrStderr()}
			if spec := v.GetString("shard"); spec != "" {
				if ss.Shard, err = sweep.ParseShard(spec); err != nil {
					return err
				}
			}
			sw, err := studies.PlanSweep(ss)
			if err != nil {
				return err
			}
			if maxRuns := v.GetInt("max-runs"); sw.Runs > maxRuns && !v.GetBool("yes") {
				return fmt.Errorf("the sweep has %d runs (%d points x %d seeds), more than --max-runs %d: add --yes to run it", sw.Runs, sw.Points, ss.Seeds, maxRuns)
			}
			out, force := v.GetString("out"), v.GetBool("force")
			if out == "" {
				out = filepath.Join("out", "sweep-"+sw.Base.Scenario.Name)
			}
			lock, err := claim(cmd, out, force)
			if err != nil {
				return err
			}
			defer lock.Release()
			if force {
				if err := os.RemoveAll(out); err != nil {
					return err
				}
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			opts.Progress = runProgress(cmd.Context(), quiet, sw.Runs, 0)
			return reportSweep(cmd, out)(sw.Start(cmd.Context(), out, provenance(), opts))
		},
	}
	f := cmd.Flags()
	commonFlags(f, "out/sweep-SCENARIO", "workers", "quiet", "no-figures")
	f.StringArray("vary", nil, "a varied parameter: path=from:to:steps or path=v1,v2,... (repeatable)")
	f.StringArray("set", nil, "a fixed override for every run: key.path=value (repeatable)")
	f.Int("seeds", 100, "replicates per grid point")
	f.Uint64("seed", 1, "master seed")
	f.Bool("crn", false, "common random numbers: replicate r draws the same streams at every point")
	f.Bool("yes", false, "run a grid larger than --max-runs")
	f.Int("max-runs", 200000, "refuse larger sweeps unless --yes")
	f.String("shard", "", "run one slice of the grid: i/n")
	f.String("resume", "", "finish an interrupted sweep in this directory")
	f.String("posterior", "", "each run draws the other parameters from this posterior (a built-in name, a calibration's directory or its posterior.csv); with --crn, replicate r takes the same set at every point")
	return cmd
}
