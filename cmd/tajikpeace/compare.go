package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

func newCompareCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compare A B [C...]",
		Short: "Compare scenarios (run as ensembles under the same seeds) or saved outputs",
		Long: `Compare two or more scenarios - built-in names, files, or output directories
written by 'tajikpeace run' - against the first. Scenarios are run as
ensembles of --seeds runs under the same master seed: run i of every scenario
draws the same random streams (common random numbers), so differences are the
scenario's, not noise, and the bootstrap resamples runs in pairs.

The table gives, for each scenario: the share of runs with a General Agreement
by 30 June and by 31 December 1997, the median date and its shift against the
first with a bootstrap 95% interval, and the median agreed UTO share of posts
and its shift. It is printed and written to compare.csv and compare.md, with
the overlaid figures, in the output directory (default out/compare).

With --posterior, run i of every scenario also takes the same parameter set
drawn from the posterior (a scenario keeps the parameters it sets itself),
and the table adds the run-by-run shift (median and 10-90% over parameters
and noise together) and the share of pairs that go the median's way.`,
		Example: `  tajikpeace compare baseline no-taliban russia-arms --seeds 1000
  tajikpeace compare out/baseline out/no-taliban`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := settings(cmd)
			if err != nil {
				return err
			}
			out := v.GetString("out")
			if out == "" {
				out = filepath.Join("out", "compare")
			}
			lock, err := lockOut(cmd, out)
			if err != nil {
				return err
			}
			defer lock.Release()
			if err := checkOutDir(out, v.GetBool("force")); err != nil {
				return err
			}
			format := v.GetString("format")
			if err := checkFormat(format); err != nil {
				return err
			}
			return runCompare(cmd, args, compareSettings{out: out, format: format, force: v.GetBool("force"), seeds: v.GetInt("seeds"),
				seed: v.GetUint64("seed"), workers: v.GetInt("workers"), nboot: v.GetInt("bootstrap"), bootSeed: v.GetUint64("bootstrap-seed"),
				posterior: v.GetString("posterior")})
		},
	}
	f := cmd.Flags()
	f.Int("seeds", 500, "runs per scenario")
	f.Uint64("seed", 1, "master seed, shared by every scenario (common random numbers)")
	f.IntP("workers", "j", 0, "parallel workers (default: all cores)")
	f.String("out", "", "output directory (default out/compare)")
	f.Bool("force", false, "replace an existing output directory")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Int("bootstrap", 2000, "bootstrap resamples for the intervals")
	f.Uint64("bootstrap-seed", 1, "seed of the bootstrap")
	f.String("config", "", "settings file (YAML) with any of these flags")
	f.String("posterior", "", "run i of every scenario draws the same parameter set from this posterior (a built-in name, a calibration's directory or its posterior.csv)")
	return cmd
}

// compareSettings are a comparison's flags.
type compareSettings struct {
	out, format    string
	force          bool
	seeds          int
	seed           uint64
	workers, nboot int
	bootSeed       uint64
	posterior      string
}

func runCompare(cmd *cobra.Command, args []string, cs compareSettings) error {
	err := results.Publish(cs.out, cs.force, func(tmp string) error {
		c, err := studies.Compare(cmd.Context(), args, tmp, studies.CompareSettings{
			Seeds: cs.seeds, Seed: cs.seed, Workers: cs.workers, Bootstrap: cs.nboot, BootstrapSeed: cs.bootSeed,
			Posterior: cs.posterior, Warnings: cmd.ErrOrStderr(),
			Manifest: func(res *scenarios.Resolved, seed uint64, runs int) results.Manifest {
				return newManifest(cmd, res, seed, runs)
			},
		})
		if err != nil {
			return err
		}
		printComparison(cmd.OutOrStdout(), c)
		if err := studies.WriteComparison(tmp, c); err != nil {
			return err
		}
		for _, f := range []struct {
			name string
			draw func([]*plots.Input, string) ([]byte, error)
		}{{"compare-progress", plots.CompareProgress}, {"compare-outcomes", plots.CompareOutcomes}} {
			b, err := f.draw(c.Arms, cs.format)
			if err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
			if err := os.WriteFile(filepath.Join(tmp, f.name+"."+cs.format), b, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "\nwrote %s\n", cs.out)
	return nil
}

func printComparison(w io.Writer, c *studies.Comparison) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, r := range c.Table() {
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintf(w, "\nintervals: %s\n", c.IntervalNote())
	if c.Robust() {
		fmt.Fprintln(w, studies.RobustNote)
	}
}
