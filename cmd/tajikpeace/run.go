package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
	"github.com/tajikpeace/tajikpeace/internal/outlock"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

func newRunCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Run a scenario (default: the historical baseline) and write its outputs",
		Long: `Run a scenario - a built-in name or a file - once, or as an ensemble of
--seeds runs, print each milestone's simulated date beside the historical one,
and write the output directory: the resolved scenario, a manifest, per-step
state (steps.csv), the event log (events.log), runs.csv and summary.json, and
the figures (timeline, progress, forces; outcomes for an ensemble).

Built-in scenarios: ` + strings.Join(scenarios.Builtin(), ", ") + `.

Settings come from flags, then TAJIKPEACE_* environment variables (e.g.
TAJIKPEACE_SEEDS=500), then the --config file.`,
		Example: `  tajikpeace run
  tajikpeace run baseline --seeds 1000 --out out/baseline
  tajikpeace run my-counterfactual.yaml --set parties.uto.cohesion=0.8 --force`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			if file := v.GetString("play"); file != "" {
				return runPlayed(cmd, v, args, file)
			}
			ref := scenarioRef(args)
			seeds := v.GetInt("seeds")
			if seeds < 1 {
				return fmt.Errorf("--seeds: expected at least 1 run, got %d", seeds)
			}
			// An ensemble is held in memory (about 6 kB a run) to compute
			// its quantiles: --seeds 1000000000000 died out of memory with a
			// stack trace (issue #12 item 5).
			if maxRuns := v.GetInt("max-runs"); seeds > maxRuns && !v.GetBool("yes") {
				return fmt.Errorf("--seeds %d is more than --max-runs %d (an ensemble is held in memory, about 6 kB a run): add --yes to run it", seeds, maxRuns)
			}
			workers := v.GetInt("workers")
			traced, err := studies.TraceRuns(v.GetString("trace"), seeds)
			if err != nil {
				return err
			}
			sets := cliconfig.Array(cmd, v, "set")
			res, err := scenarios.Load(ref, sets)
			if err != nil {
				return fmt.Errorf("invalid scenario:\n%w", err)
			}
			var post *studies.PosteriorRun
			if name := v.GetString("posterior"); name != "" {
				if v.GetInt("run") >= 0 {
					return fmt.Errorf("--run re-runs one run: with --posterior, give --seeds N and read its draw from runs.csv")
				}
				if post, err = studies.NewPosteriorRun(cmd.ErrOrStderr(), ref, name, sets); err != nil {
					return err
				}
			}
			out := v.GetString("out")
			if cmd.Flags().Changed("out") && out == "" {
				return fmt.Errorf("--out: expected a directory, got an empty name")
			}
			if out == "" {
				out = filepath.Join("out", res.Scenario.Name)
			}
			lock, format, err := claimForFigures(cmd, v, out)
			if err != nil {
				return err
			}
			defer lock.Release()
			seed := v.GetUint64("seed")
			var run results.Run
			if single := v.GetInt("run"); single < -1 || (single == -1 && cmd.Flags().Changed("run")) {
				return fmt.Errorf("--run %d: expected the index of a run, 0 or more", single)
			} else if single >= 0 {
				// One run alone, with the streams of run index single: a row
				// of an ensemble or a sweep, re-run.
				if seeds != 1 {
					return fmt.Errorf("--run re-runs one run: it does not go with --seeds %d", seeds)
				}
				run, err = studies.Single(res, seed, single)
			} else if post != nil {
				run, err = post.Ensemble(cmd.Context(), res, seed, seeds, workers)
			} else {
				run, err = studies.Ensemble(cmd.Context(), res, seed, seeds, workers)
			}
			if err != nil {
				if errors.Is(err, cmd.Context().Err()) {
					return fmt.Errorf("interrupted: nothing was written")
				}
				return err
			}
			run.Traced = traced
			run.Table.WriteText(cmd.OutOrStdout())
			man := provenance().RunManifest(res, seed, seeds)
			if post != nil {
				man.Posterior = post.Info()
			}
			// The directory is published whole: its files, the manifest,
			// the figures drawn from those files.
			if err := results.Publish(out, v.GetBool("force"), func(tmp string) error { return figures.WriteRun(tmp, run, man, format) }); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "\nwrote %s\n", out)
			return nil
		},
	}
	f := cmd.Flags()
	commonFlags(f, "out/SCENARIO", "workers", "no-figures")
	f.Uint64("seed", 1, "master seed; run i of an ensemble uses streams derived from (seed, i)")
	f.Int("seeds", 1, "number of seeded runs in the ensemble")
	f.String("trace", "1", "how many runs steps.csv holds, from run 0: a number, or all (each traced run is played again, so memory stays flat)")
	f.Int("max-runs", 200000, "refuse larger ensembles unless --yes")
	f.Bool("yes", false, "run an ensemble larger than --max-runs")
	f.Int("run", -1, "re-run the single run with this index (a row of runs.csv: its run or stream column)")
	f.StringArray("set", nil, "override a scenario parameter: key.path=value (repeatable)")
	f.String("posterior", "", "run i draws its parameters from this posterior (a built-in name, a calibration's directory or its posterior.csv)")
	f.String("play", "", "play again a game saved by the classroom page's role play (decisions.json): its scenario, seed and run, with its decisions")
	return cmd
}

// claimForFigures reads how the command draws its figures (--format,
// --size, --no-figures) and then claims out (--force): a bad format is
// refused before anything is locked or replaced.
func claimForFigures(cmd *cobra.Command, v *viper.Viper, out string) (*outlock.Lock, string, error) {
	format, err := figureFormat(v)
	if err != nil {
		return nil, "", err
	}
	lock, err := claim(cmd, out, v.GetBool("force"))
	return lock, format, err
}

// claim locks the output directory out for the rest of the command and
// refuses to replace it without --force (results.Claim), saying what a
// killed predecessor left that it removed.
func claim(cmd *cobra.Command, out string, force bool) (*outlock.Lock, error) {
	l, left, err := results.Claim(out, "tajikpeace "+strings.Join(os.Args[1:], " "), force)
	for _, d := range left {
		fmt.Fprintf(cmd.ErrOrStderr(), "removed %s, left by an interrupted command\n", d)
	}
	return l, err
}
