package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
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
the overlaid figures and report.html (each scenario's question, the table,
the figures and the texts signed in a typical run of each, on one
self-contained page), in the output directory (default out/compare).

With --posterior, run i of every scenario also takes the same parameter set
drawn from the posterior (a scenario keeps the parameters it sets itself),
and the table adds the run-by-run shift (median and 10-90% over parameters
and noise together) and the share of pairs that go the median's way.`,
		Example: `  tajikpeace compare baseline no-taliban russia-arms --seeds 1000
  tajikpeace compare out/baseline out/no-taliban`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			out := v.GetString("out")
			if out == "" {
				out = filepath.Join("out", "compare")
			}
			lock, format, err := claimForFigures(cmd, v, out)
			if err != nil {
				return err
			}
			defer lock.Release()
			return runCompare(cmd, args, out, v.GetBool("force"), format, studies.CompareSettings{
				Seeds: v.GetInt("seeds"), Seed: v.GetUint64("seed"), Workers: v.GetInt("workers"), Bootstrap: v.GetInt("bootstrap"),
				BootstrapSeed: v.GetUint64("bootstrap-seed"), Posterior: v.GetString("posterior"), Warnings: cmd.ErrOrStderr(),
				Manifest: func(res *scenarios.Resolved, seed uint64, runs int) results.Manifest {
					return provenance().RunManifest(res, seed, runs)
				}})
		},
	}
	f := cmd.Flags()
	commonFlags(f, "out/compare", "workers")
	f.Int("seeds", 500, "runs per scenario")
	f.Uint64("seed", 1, "master seed, shared by every scenario (common random numbers)")
	f.Int("bootstrap", 2000, "bootstrap resamples for the intervals")
	f.Uint64("bootstrap-seed", 1, "seed of the bootstrap")
	f.String("posterior", "", "run i of every scenario draws the same parameter set from this posterior (a built-in name, a calibration's directory or its posterior.csv)")
	return cmd
}

func runCompare(cmd *cobra.Command, args []string, out string, force bool, format string, cs studies.CompareSettings) error {
	err := results.Publish(out, force, func(tmp string) error {
		c, err := studies.Compare(cmd.Context(), args, tmp, cs)
		if err != nil {
			return err
		}
		printComparison(cmd.OutOrStdout(), c)
		if err := studies.WriteComparison(tmp, c); err != nil {
			return err
		}
		return figures.Compare(tmp, c, format)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "\nwrote %s\n", out)
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
