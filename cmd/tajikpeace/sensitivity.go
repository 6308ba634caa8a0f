package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

// paramSpec is a parameter with its range and prior resolved.
type paramSpec = studies.Param

// analysisInputs are what calibrate and sensitivity both start from: the
// scenario, read once, and the parameter file checked against it.
func analysisInputs(v *viper.Viper, args []string, command string) (string, *scenarios.Template, *scenarios.Resolved, []paramSpec, error) {
	ref := scenarioRef(args)
	tpl, err := scenarios.NewTemplate(ref)
	if err != nil {
		return "", nil, nil, nil, fmt.Errorf("invalid scenario:\n%w", err)
	}
	base, err := tpl.Load(nil)
	if err != nil {
		return "", nil, nil, nil, fmt.Errorf("invalid scenario:\n%w", err)
	}
	if v.GetString("params") == "" {
		return "", nil, nil, nil, fmt.Errorf("--params: name a parameter file (see 'tajikpeace %s --help')", command)
	}
	params, err := studies.ReadParams(v.GetString("params"), tpl)
	if err != nil {
		return "", nil, nil, nil, err
	}
	return ref, tpl, base, params, nil
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
			v, err := settings(cmd)
			if err != nil {
				return err
			}
			ref, tpl, base, params, err := analysisInputs(v, args, "sensitivity")
			if err != nil {
				return err
			}
			out, err := studies.ParseOutcome(v.GetString("outcome"))
			if err != nil {
				return err
			}
			method := v.GetString("method")
			if method != "sobol" && method != "morris" {
				return fmt.Errorf("--method %q: expected morris or sobol", method)
			}
			n, seeds := v.GetInt("n"), v.GetInt("seeds")
			if n < 4 || seeds < 1 {
				return fmt.Errorf("-n must be at least 4 and --seeds at least 1")
			}
			dir := v.GetString("out")
			if dir == "" {
				dir = filepath.Join("out", "sensitivity-"+method)
			}
			lock, err := lockOut(cmd, dir)
			if err != nil {
				return err
			}
			defer lock.Release()
			if err := checkOutDir(dir, v.GetBool("force")); err != nil {
				return err
			}
			workers := v.GetInt("workers")
			if workers < 1 {
				workers = runtime.GOMAXPROCS(0)
			}
			return runSensitivity(cmd, ref, tpl, base, params, out, v.GetString("outcome"), method, n, seeds, v.GetUint64("seed"),
				workers, dir, v.GetBool("force"), v.GetString("format"), v.GetBool("quiet"), v.GetInt("stop-after"))
		},
	}
	f := cmd.Flags()
	f.String("params", "", "YAML file listing the parameters: params: [{path, min, max}]")
	f.String("method", "sobol", "morris or sobol")
	f.String("outcome", "p_agreement_by:1997-12-31", "general_agreement_date, p_agreement_by:YYYY-MM-DD or uto_share")
	f.IntP("n", "n", 128, "base samples (sobol) or trajectories (morris)")
	f.Int("seeds", 8, "runs averaged at each design point")
	f.Uint64("seed", 1, "master seed (the design and the runs)")
	addAnalysisFlags(f, "out/sensitivity-METHOD", "design points")
	return cmd
}

func runSensitivity(cmd *cobra.Command, ref string, tpl *scenarios.Template, base *scenarios.Resolved, params []paramSpec, out studies.Outcome, outcomeName, method string,
	n, seeds int, seed uint64, workers int, dir string, force bool, format string, quiet bool, stopAfter int) (err error) {
	ss := studies.SensitivitySettings{Method: method, N: n, Outcome: out, OutcomeName: outcomeName, Seeds: seeds, Seed: seed, Workers: workers}
	// The points already measured by an interrupted attempt at this very
	// analysis (same scenario, parameters, outcome, design and seed) are kept.
	cp, err := results.OpenCheckpoint(dir, force, studies.SensitivityKey(base, params, ss)...)
	if err != nil {
		return err
	}
	defer cp.Close() // kept for the next attempt unless removed on success
	ss.Checkpoint, ss.PointDone = cp, stopAfterPoints(stopAfter)
	ss.Progress = measureProgress(cmd, cp, "design points", seeds, quiet)
	res, err := studies.Sensitivity(cmd.Context(), tpl, base, params, ss)
	if err != nil {
		return err
	}
	points, censored := res.Design, res.Censored
	total := len(points) * seeds
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
	fmt.Fprintf(cmd.OutOrStdout(), "%s indices of %s (%s: %d design points x %d runs)\n\n", method, outcomeName, ref, len(points), seeds)
	for _, rec := range res.Table(method) {
		fmt.Fprintln(tw, strings.Join(rec, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintf(cmd.OutOrStdout(), "\ncensored runs: %d of %d (%.1f%%), counted as described in --help\n", censored, total, 100*float64(censored)/float64(total))

	err = results.Publish(dir, force, func(tmp string) error {
		if err := studies.WriteSensitivity(tmp, ref, params, ss, res, provenance()); err != nil {
			return err
		}
		bars := plots.SensitivityInput{Title: fmt.Sprintf("%s: %s of %s (%d design points x %d runs)", ref, method, outcomeName, len(points), seeds), Label: res.Header[1]}
		for _, r := range res.Rows {
			bars.Params = append(bars.Params, r.Path)
			bars.Value = append(bars.Value, r.A)
			bars.Lo = append(bars.Lo, r.ALo)
			bars.Hi = append(bars.Hi, r.AHi)
		}
		if err := checkFormat(format); err != nil {
			return err
		}
		fig, err := plots.Sensitivity(&bars, format)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(tmp, "sensitivity."+format), fig, 0o644)
	})
	if err != nil {
		return err
	}
	if err := cp.Remove(); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", dir)
	return nil
}
