package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/summary"
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

func runCompare(cmd *cobra.Command, args []string, cs compareSettings) (err error) {
	out, format, force, seeds, seed, workers, nboot, bootSeed := cs.out, cs.format, cs.force, cs.seeds, cs.seed, cs.workers, cs.nboot, cs.bootSeed
	if seeds < 2 {
		return fmt.Errorf("--seeds: a comparison needs ensembles, got %d", seeds)
	}
	if nboot < 100 {
		return fmt.Errorf("--bootstrap: expected at least 100 resamples, got %d", nboot)
	}
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	err = results.Publish(out, force, func(tmp string) error {
		var arms []*plots.Input
		var mans []results.Manifest
		var modes []string
		used := map[string]int{}
		for _, ref := range args {
			dir := ref
			if st, statErr := os.Stat(ref); statErr != nil || !st.IsDir() {
				// A scenario: run it as an ensemble into the comparison's directory.
				res, err := scenarios.Load(ref, nil)
				if err != nil {
					return fmt.Errorf("%s:\n%w", ref, err)
				}
				name := res.Scenario.Name
				used[name]++
				if used[name] > 1 {
					name = fmt.Sprintf("%s-%d", name, used[name])
				}
				dir = filepath.Join(tmp, name)
				man := newManifest(cmd, res, seed, seeds)
				var run results.Run
				if cs.posterior != "" {
					post, perr := studies.NewPosteriorRun(cmd.ErrOrStderr(), ref, cs.posterior, nil)
					if perr != nil {
						return fmt.Errorf("%s: %w", ref, perr)
					}
					run, err = post.Ensemble(cmd.Context(), res, seed, seeds, workers)
					man.Posterior = post.Info()
				} else {
					run, err = studies.Ensemble(cmd.Context(), res, seed, seeds, workers)
				}
				if err != nil {
					return err
				}
				if err := writeOutputs(dir, false, run, man, ""); err != nil {
					return err
				}
			}
			in, err := readOutput(dir)
			if err != nil {
				return err
			}
			var man results.Manifest
			if err := results.ReadJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
				return err
			}
			sc, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"), nil)
			if err != nil {
				return err
			}
			arms = append(arms, in)
			mans = append(mans, man)
			modes = append(modes, sc.Scenario.Calendar.Mode)
		}
		for i := 1; i < len(arms); i++ {
			warnIfIncomparable(cmd.ErrOrStderr(), args[0], args[i], mans[0], mans[i], arms[0], arms[i])
			if modes[i] != modes[0] {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s runs on the %s calendar and %s on the %s one: the shift includes what the calendar does (compare counterfactuals with endogenous)\n",
					args[0], modes[0], args[i], modes[i])
			}
		}
		var sarms []summary.Arm
		for i, a := range arms {
			ga := slices.IndexFunc(a.Milestones, func(m plots.Milestone) bool { return m.ID == "general_agreement" })
			if ga < 0 {
				return fmt.Errorf("%s has no general_agreement milestone to compare", args[i])
			}
			var dates []time.Time
			for _, d := range a.RunDates {
				dates = append(dates, d[ga])
			}
			sarms = append(sarms, summary.NewArm(a.Scenario, a.Seed, dates, a.UTOShare))
		}
		comps := summary.Compare(sarms, bootSeed, nboot)
		if cs.posterior != "" {
			for i := 1; i < len(comps); i++ {
				if !comps[i].Paired || mans[i].Posterior == nil || mans[0].Posterior == nil || mans[i].Posterior.SHA256 != mans[0].Posterior.SHA256 {
					return fmt.Errorf("%s: with --posterior, every arm must be run here under the same posterior (a saved output directory is not)", args[i])
				}
				comps[i].Robust = summary.Robust(sarms[0], sarms[i])
			}
		}
		printComparison(cmd.OutOrStdout(), comps, nboot)
		if err := writeComparison(tmp, comps, nboot); err != nil {
			return err
		}
		for _, f := range []struct {
			name string
			draw func([]*plots.Input, string) ([]byte, error)
		}{{"compare-progress", plots.CompareProgress}, {"compare-outcomes", plots.CompareOutcomes}} {
			b, err := f.draw(arms, format)
			if err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
			if err := os.WriteFile(filepath.Join(tmp, f.name+"."+format), b, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "\nwrote %s\n", out)
	return nil
}

// warnIfIncomparable warns when two outputs come from different model
// versions or have different milestones.
func warnIfIncomparable(w io.Writer, a, b string, ma, mb results.Manifest, ia, ib *plots.Input) {
	if ma.Version != mb.Version || ma.Revision != mb.Revision {
		fmt.Fprintf(w, "warning: %s and %s were made by different versions of tajikpeace (%s %s; %s %s): differences may come from the model, not the scenario\n",
			a, b, ma.Version, ma.Revision, mb.Version, mb.Revision)
	}
	var ida, idb []string
	for _, m := range ia.Milestones {
		ida = append(ida, m.ID)
	}
	for _, m := range ib.Milestones {
		idb = append(idb, m.ID)
	}
	if !slices.Equal(ida, idb) {
		fmt.Fprintf(w, "warning: %s and %s have different milestones (%s; %s): only the General Agreement and the terms are compared\n",
			a, b, strings.Join(ida, ","), strings.Join(idb, ","))
	}
	if ma.Seed != mb.Seed || ma.Runs != mb.Runs {
		fmt.Fprintf(w, "warning: %s and %s do not share seeds (seed %d x %d runs; seed %d x %d runs): no common random numbers, the bootstrap resamples them independently\n",
			a, b, ma.Seed, ma.Runs, mb.Seed, mb.Runs)
	}
}

func shiftDays(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "beyond the span"
	case math.IsInf(x, -1):
		return "reference never"
	case math.IsNaN(x):
		return "-"
	}
	return fmt.Sprintf("%+.0f", x)
}

func interval(lo, hi float64, f func(float64) string) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "-"
	}
	return "[" + f(lo) + ", " + f(hi) + "]"
}

func share(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.3f", x)
}

func signedShare(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%+.3f", x)
}

func medianDate(c summary.Comparison) string {
	if c.Median == nil {
		return "not reached in half the runs"
	}
	return summary.DayDate(*c.Median).Format(time.DateOnly)
}

func comparisonRows(comps []summary.Comparison) [][]string {
	robust := len(comps) > 1 && comps[1].Robust != nil
	header := []string{"scenario", "runs", "GA by 1997-06-30", "GA by 1997-12-31", "median GA date",
		"shift (days)", "95% interval", "UTO share (median)", "shift", "95% interval"}
	if robust {
		header = append(header, "run-by-run shift: median [10%, 90%]", "same direction")
	}
	rows := [][]string{header}
	for k, c := range comps {
		shift, ci, sshift, sci := shiftDays(c.Shift), interval(c.ShiftLo, c.ShiftHi, shiftDays), signedShare(c.ShareShift), interval(c.ShareShiftLo, c.ShareShiftHi, signedShare)
		if k == 0 {
			shift, ci, sshift, sci = "(reference)", "", "", ""
		}
		row := []string{c.Name, fmt.Sprint(c.Runs), fmt.Sprintf("%.1f%%", 100*c.ByMid1997),
			fmt.Sprintf("%.1f%%", 100*c.ByEnd1997), medianDate(c), shift, ci, share(c.ShareMedian), sshift, sci}
		if robust {
			if r := c.Robust; r != nil {
				row = append(row, shiftDays(r.Median)+" "+interval(r.Lo, r.Hi, shiftDays), sameDirection(r))
			} else {
				row = append(row, "", "")
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// sameDirection says in words how robust an effect is: in what share of
// paired runs (plausible parameter sets and noise) it goes the median's way.
func sameDirection(r *summary.Robustness) string {
	switch {
	case r.Median > 0:
		return fmt.Sprintf("later in %.0f%%", 100*r.SameSign)
	case r.Median < 0:
		return fmt.Sprintf("earlier in %.0f%%", 100*r.SameSign)
	}
	// A median of no shift: say which way the rest go.
	return fmt.Sprintf("no shift in %.0f%%; later in %.0f%%, earlier in %.0f%%", 100*r.SameSign, 100*r.Later, 100*r.Earlier)
}

func printComparison(w io.Writer, comps []summary.Comparison, nboot int) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, r := range comparisonRows(comps) {
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintf(w, "\nintervals: bootstrap, %d resamples%s\n", nboot, pairedNote(comps))
	if len(comps) > 1 && comps[1].Robust != nil {
		fmt.Fprintln(w, robustNote)
	}
}

// robustNote explains the run-by-run columns of a comparison under a
// posterior.
const robustNote = "run-by-run shift: run i of each scenario against run i of the first (the same posterior parameter set and seed); " +
	"its spread is over parameters and noise together, and 'same direction' is the share of pairs whose shift has the median's sign"

func pairedNote(comps []summary.Comparison) string {
	for _, c := range comps[1:] {
		if !c.Paired {
			return " (some pairs unpaired: no common seeds)"
		}
	}
	return ", runs resampled in pairs (common random numbers)"
}

func writeComparison(dir string, comps []summary.Comparison, nboot int) error {
	rows := comparisonRows(comps)
	var md strings.Builder
	for i, r := range rows {
		md.WriteString("| " + strings.Join(r, " | ") + " |\n")
		if i == 0 {
			md.WriteString(strings.Repeat("|---", len(r)) + "|\n")
		}
	}
	fmt.Fprintf(&md, "\nIntervals: bootstrap, %d resamples%s.\n", nboot, pairedNote(comps))
	if len(comps) > 1 && comps[1].Robust != nil {
		fmt.Fprintf(&md, "\n%s%s.\n", strings.ToUpper(robustNote[:1]), robustNote[1:])
	}
	if err := os.WriteFile(filepath.Join(dir, "compare.md"), []byte(md.String()), 0o644); err != nil {
		return err
	}
	var csv strings.Builder
	robust := len(comps) > 1 && comps[1].Robust != nil
	csv.WriteString("scenario,runs,share_ga_by_1997_06_30,share_ga_by_1997_12_31,median_ga_date,shift_days,shift_lo,shift_hi,uto_share_median,uto_share_shift,uto_share_shift_lo,uto_share_shift_hi,paired")
	if robust {
		csv.WriteString(",run_shift_median,run_shift_q10,run_shift_q90,run_shift_same_sign")
	}
	csv.WriteString("\n")
	for _, c := range comps {
		med := ""
		if c.Median != nil {
			med = summary.DayDate(*c.Median).Format(time.DateOnly)
		}
		fmt.Fprintf(&csv, "%s,%d,%.4f,%.4f,%s,%s,%s,%s,%s,%s,%s,%s,%v\n", c.Name, c.Runs, c.ByMid1997, c.ByEnd1997, med,
			num4(c.Shift), num4(c.ShiftLo), num4(c.ShiftHi), num4(c.ShareMedian), num4(c.ShareShift), num4(c.ShareShiftLo), num4(c.ShareShiftHi), c.Paired)
		if robust {
			s := csv.String()
			csv.Reset()
			csv.WriteString(strings.TrimSuffix(s, "\n"))
			if r := c.Robust; r != nil {
				fmt.Fprintf(&csv, ",%s,%s,%s,%.4f\n", infNum(r.Median), infNum(r.Lo), infNum(r.Hi), r.SameSign)
			} else {
				csv.WriteString(",,,,\n")
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, "compare.csv"), []byte(csv.String()), 0o644)
}

func num4(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return fmt.Sprintf("%.4g", x)
}

// infNum writes a shift in days, ±Inf as inf and -inf (one arm never
// reached the agreement within the span).
func infNum(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return num4(x)
}
