package main

import (
	"cmp"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
	"github.com/tajikpeace/tajikpeace/internal/outlock"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

// paramSpec is a parameter with its range and prior resolved.
type paramSpec = studies.Param

// analysis is what calibrate and sensitivity share, as the command line
// gave it: the scenario (read once), the parameters checked against it, and
// where and how the results are written.
type analysis struct {
	ref     string
	tpl     *scenarios.Template
	base    *scenarios.Resolved
	params  []paramSpec
	out     string
	force   bool
	format  string
	quiet   bool
	workers int
}

// analysisInputs reads the scenario and, unless all is true (every
// calibratable parameter), the parameter file of --params.
func analysisInputs(v *viper.Viper, args []string, command string, all bool) (*analysis, error) {
	a := &analysis{ref: scenarioRef(args)}
	tpl, err := scenarios.NewTemplate(a.ref)
	if err == nil {
		a.base, err = tpl.Load(nil)
	}
	if err != nil {
		return nil, fmt.Errorf("invalid scenario:\n%w", err)
	}
	a.tpl = tpl
	switch {
	case all:
		a.params, err = studies.AllParams(tpl)
	case v.GetString("params") == "":
		return nil, fmt.Errorf("--params: name a parameter file (see 'tajikpeace %s --help')", command)
	default:
		a.params, err = studies.ReadParams(v.GetString("params"), tpl)
	}
	return a, err
}

// output takes the settings of where and how the analysis writes, checks
// them, and locks the output directory (released by the caller).
func (a *analysis) output(cmd *cobra.Command, v *viper.Viper, defaultOut string) (*outlock.Lock, error) {
	a.out, a.force, a.quiet, a.workers = cmp.Or(v.GetString("out"), defaultOut), v.GetBool("force"), v.GetBool("quiet"), v.GetInt("workers")
	var err error
	if a.format, err = figureFormat(v); err != nil {
		return nil, err
	}
	return claim(cmd, a.out, a.force)
}

func newSensitivityCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sensitivity [SCENARIO] --params FILE --method morris|sobol --outcome OUTCOME",
		Short: "Which parameters matter: Morris elementary effects or Sobol indices",
		Long: `Measure how much each parameter named in FILE (its path, min and max) moves an
outcome: general_agreement_date (days since 1 Jan 1993), p_agreement_by:DATE
(the share of runs with a General Agreement by DATE) or uto_share (the agreed
UTO share of government posts). Each design point is the mean of --seeds runs,
which draw the same random streams at every design point (common random
numbers).

--method sobol: first-order and total indices (Saltelli's design, N base
samples: N*(k+2) points); --method morris: mu* and sigma of the elementary
effects (N trajectories on a 4-level grid: N*(k+1) points). Intervals are
bootstrap 95%.

Censored runs are counted and reported, never dropped: a General Agreement
never signed counts as signed the day after the span ends; a UTO share never
agreed counts as 0.

Interrupted (Ctrl-C, a killed job), it writes nothing to the output directory
but keeps the finished design points in OUT.partial; the same command run
again measures only the rest and writes what an uninterrupted run would.`,
		Example: `  tajikpeace sensitivity --params params.yaml --method sobol --outcome p_agreement_by:1997-12-31 -n 256 --seeds 10`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			a, err := analysisInputs(v, args, "sensitivity", false)
			if err != nil {
				return err
			}
			ss := studies.SensitivitySettings{Method: v.GetString("method"), N: v.GetInt("n"), OutcomeName: v.GetString("outcome"),
				Seeds: v.GetInt("seeds"), Seed: v.GetUint64("seed")}
			if ss.Outcome, err = studies.ParseOutcome(ss.OutcomeName); err != nil {
				return err
			}
			if ss.Method != "sobol" && ss.Method != "morris" {
				return fmt.Errorf("--method %q: expected morris or sobol", ss.Method)
			}
			if ss.N < 4 || ss.Seeds < 1 {
				return fmt.Errorf("-n must be at least 4 and --seeds at least 1")
			}
			lock, err := a.output(cmd, v, filepath.Join("out", "sensitivity-"+ss.Method))
			if err != nil {
				return err
			}
			defer lock.Release()
			ss.Workers = a.workers
			return runSensitivity(cmd, a, ss)
		},
	}
	f := cmd.Flags()
	f.String("params", "", "YAML file listing the parameters: params: [{path, min, max}]")
	f.String("method", "sobol", "morris or sobol")
	f.String("outcome", "p_agreement_by:1997-12-31", "general_agreement_date, p_agreement_by:YYYY-MM-DD or uto_share")
	f.IntP("n", "n", 128, "base samples (sobol) or trajectories (morris)")
	f.Int("seeds", 8, "runs averaged at each design point")
	f.Uint64("seed", 1, "master seed (the design and the runs)")
	commonFlags(f, "out/sensitivity-METHOD", "workers", "quiet")
	return cmd
}

func runSensitivity(cmd *cobra.Command, a *analysis, ss studies.SensitivitySettings) error {
	// The points already measured by an interrupted attempt at this very
	// analysis (same scenario, parameters, outcome, design and seed) are kept.
	cp, err := results.OpenCheckpoint(a.out, a.force, studies.SensitivityKey(a.base, a.params, ss)...)
	if err != nil {
		return err
	}
	defer cp.Close() // kept for the next attempt unless removed on success
	ss.Checkpoint, ss.PointDone = cp, pointFinished(cmd.Context())
	ss.Progress = measureProgress(cmd, cp, "design points", ss.Seeds, a.quiet)
	res, err := studies.Sensitivity(cmd.Context(), a.tpl, a.base, a.params, ss)
	if err != nil {
		return err
	}
	method, seeds, points, censored := ss.Method, ss.Seeds, res.Design, res.Censored
	total := len(points) * seeds
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
	fmt.Fprintf(cmd.OutOrStdout(), "%s indices of %s (%s: %d design points x %d runs)\n\n", method, ss.OutcomeName, a.ref, len(points), seeds)
	for _, rec := range res.Table(method) {
		fmt.Fprintln(tw, strings.Join(rec, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintf(cmd.OutOrStdout(), "\ncensored runs: %d of %d (%.1f%%), counted as described in --help\n", censored, total, 100*float64(censored)/float64(total))

	err = results.Publish(a.out, a.force, func(tmp string) error {
		if err := studies.WriteSensitivity(tmp, a.ref, a.params, ss, res, provenance()); err != nil {
			return err
		}
		return figures.Sensitivity(tmp, a.ref, ss, res, a.format)
	})
	if err != nil {
		return err
	}
	if err := cp.Remove(); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", a.out)
	return nil
}
