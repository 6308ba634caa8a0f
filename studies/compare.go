package studies

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/results/dataset"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// CompareSettings are a comparison's settings.
type CompareSettings struct {
	Seeds   int    // runs per scenario arm (at least 2)
	Seed    uint64 // master seed, shared by every arm (common random numbers)
	Workers int    // parallel workers; 0 or less: all cores

	Bootstrap     int    // resamples for the intervals (at least 100)
	BootstrapSeed uint64 // seed of the bootstrap

	// Posterior, if set (a built-in name, a calibration's directory or its
	// posterior.csv), makes run i of every arm draw the same parameter set
	// from it, and adds the run-by-run shift and its robustness.
	Posterior string

	// Manifest makes the manifest of an arm run here from a scenario (the
	// command records its command line in it). Nil: a bare manifest.
	Manifest func(res *scenarios.Resolved, seed uint64, runs int) results.Manifest
	// Warnings go here (arms made by different versions, with different
	// milestones or seeds, on different calendars). Nil: discarded.
	Warnings io.Writer
}

// Comparison is what Compare measured: each arm's runs as read back from
// its directory, and the table of shifts against the first arm.
type Comparison struct {
	Arms []*dataset.Output
	// Narratives are each arm's story of one run: its typical run (the run
	// whose General Agreement came nearest the arm's median date, played
	// again with its log), or run 0's events.log for an arm read from a
	// saved directory. Typical names the run told (0 for a saved one).
	Narratives [][]string
	Typical    []int
	Rows       []summary.Comparison
	Bootstrap  int
}

// Compare compares two or more arms against the first on the date of the
// General Agreement and the agreed terms. An arm is a scenario (a built-in
// name or a file), run here as an ensemble into dir/NAME, or the output
// directory of an earlier `tajikpeace run`. Under a posterior every arm must
// be a scenario run here, so that run i of each shares its parameter set.
func Compare(ctx context.Context, refs []string, dir string, s CompareSettings) (*Comparison, error) {
	if len(refs) < 2 {
		return nil, fmt.Errorf("a comparison needs at least two scenarios or outputs, got %d", len(refs))
	}
	if s.Seeds < 2 {
		return nil, fmt.Errorf("--seeds: a comparison needs ensembles, got %d", s.Seeds)
	}
	if s.Bootstrap < 100 {
		return nil, fmt.Errorf("--bootstrap: expected at least 100 resamples, got %d", s.Bootstrap)
	}
	warn := s.Warnings
	if warn == nil {
		warn = io.Discard
	}
	newManifest := s.Manifest
	if newManifest == nil {
		newManifest = func(res *scenarios.Resolved, seed uint64, runs int) results.Manifest {
			return results.Manifest{Tool: "tajikpeace", Scenario: res.Scenario.Name, ScenarioSHA: res.Hash, Files: res.Files, Seed: seed, Runs: runs}
		}
	}
	workers := s.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	var arms []*dataset.Output
	var narratives [][]string
	var typical []int
	var mans []results.Manifest
	var modes []string
	used := map[string]int{}
	for _, ref := range refs {
		armDir, saved := ref, true
		var story []string // the arm's typical run, told
		told := 0
		if st, statErr := os.Stat(ref); statErr != nil || !st.IsDir() {
			// A scenario: run it as an ensemble into the comparison's directory.
			res, err := scenarios.Load(ref, nil)
			if err != nil {
				return nil, fmt.Errorf("%s:\n%w", ref, err)
			}
			name := res.Scenario.Name
			used[name]++
			if used[name] > 1 {
				name = fmt.Sprintf("%s-%d", name, used[name])
			}
			armDir = filepath.Join(dir, name)
			man := newManifest(res, s.Seed, s.Seeds)
			var run results.Run
			if s.Posterior != "" {
				post, perr := NewPosteriorRun(warn, ref, s.Posterior, nil)
				if perr != nil {
					return nil, fmt.Errorf("%s: %w", ref, perr)
				}
				run, err = post.Ensemble(ctx, res, s.Seed, s.Seeds, workers)
				man.Posterior = post.Info()
			} else {
				run, err = Ensemble(ctx, res, s.Seed, s.Seeds, workers)
			}
			if err != nil {
				return nil, err
			}
			if err := results.Publish(armDir, false, func(tmp string) error {
				_, err := results.WriteRun(tmp, run, man)
				return err
			}); err != nil {
				return nil, err
			}
			told = typicalRun(run.Results)
			r, err := run.Replay(told, sim.Options{Log: true})
			if err != nil {
				return nil, err
			}
			story, saved = results.LogLines(r), false
		}
		in, err := results.Read(armDir)
		if err != nil {
			return nil, err
		}
		if saved {
			// A saved directory (read and checked just above): its run 0.
			if story, err = results.ReadNarrative(armDir); err != nil {
				return nil, err
			}
		}
		narratives, typical = append(narratives, story), append(typical, told)
		var man results.Manifest
		if err := results.ReadJSON(filepath.Join(armDir, "manifest.json"), &man); err != nil {
			return nil, err
		}
		sc, err := scenarios.Load(filepath.Join(armDir, "scenario.yaml"), nil)
		if err != nil {
			return nil, err
		}
		arms = append(arms, in)
		mans = append(mans, man)
		modes = append(modes, sc.Scenario.Calendar.Mode)
	}
	for i := 1; i < len(arms); i++ {
		warnIfIncomparable(warn, refs[0], refs[i], mans[0], mans[i], arms[0], arms[i])
		if modes[i] != modes[0] {
			fmt.Fprintf(warn, "warning: %s runs on the %s calendar and %s on the %s one: the shift includes what the calendar does (compare counterfactuals with endogenous)\n",
				refs[0], modes[0], refs[i], modes[i])
		}
	}
	var sarms []summary.Arm
	for i, a := range arms {
		ga := slices.IndexFunc(a.Milestones, func(m dataset.Milestone) bool { return m.ID == "general_agreement" })
		if ga < 0 {
			return nil, fmt.Errorf("%s has no general_agreement milestone to compare", refs[i])
		}
		var dates []time.Time
		for _, d := range a.RunDates {
			dates = append(dates, d[ga])
		}
		sarms = append(sarms, summary.NewArm(a.Scenario, a.Seed, dates, a.UTOShare))
	}
	comps := summary.Compare(sarms, s.BootstrapSeed, s.Bootstrap)
	if s.Posterior != "" {
		for i := 1; i < len(comps); i++ {
			if !comps[i].Paired || mans[i].Posterior == nil || mans[0].Posterior == nil || mans[i].Posterior.SHA256 != mans[0].Posterior.SHA256 {
				return nil, fmt.Errorf("%s: with --posterior, every arm must be run here under the same posterior (a saved output directory is not)", refs[i])
			}
			comps[i].Robust = summary.Robust(sarms[0], sarms[i])
		}
	}
	return &Comparison{Arms: arms, Narratives: narratives, Typical: typical, Rows: comps, Bootstrap: s.Bootstrap}, nil
}

// warnIfIncomparable warns when two outputs come from different model
// versions or have different milestones.
func warnIfIncomparable(w io.Writer, a, b string, ma, mb results.Manifest, ia, ib *dataset.Output) {
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

// Robust says whether the comparison carries the run-by-run shift of a
// posterior comparison.
func (c *Comparison) Robust() bool { return len(c.Rows) > 1 && c.Rows[1].Robust != nil }

// Table is the comparison as rows of text, a header first: what compare
// prints and writes to compare.md.
func (c *Comparison) Table() [][]string {
	robust := c.Robust()
	header := []string{"scenario", "runs", "GA by 1997-06-30", "GA by 1997-12-31", "median GA date",
		"shift (days)", "95% interval", "UTO share (median)", "shift", "95% interval"}
	if robust {
		header = append(header, "run-by-run shift: median [10%, 90%]", "same direction")
	}
	rows := [][]string{header}
	for k, r := range c.Rows {
		shift, ci, sshift, sci := shiftDays(r.Shift), interval(r.ShiftLo, r.ShiftHi, shiftDays), signedShare(r.ShareShift), interval(r.ShareShiftLo, r.ShareShiftHi, signedShare)
		if k == 0 {
			shift, ci, sshift, sci = "(reference)", "", "", ""
		}
		row := []string{r.Name, fmt.Sprint(r.Runs), fmt.Sprintf("%.1f%%", 100*r.ByMid1997),
			fmt.Sprintf("%.1f%%", 100*r.ByEnd1997), medianDate(r), shift, ci, share(r.ShareMedian), sshift, sci}
		if robust {
			if rb := r.Robust; rb != nil {
				row = append(row, shiftDays(rb.Median)+" "+interval(rb.Lo, rb.Hi, shiftDays), sameDirection(rb))
			} else {
				row = append(row, "", "")
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// IntervalNote says how the intervals were made, for the foot of a table.
func (c *Comparison) IntervalNote() string {
	return fmt.Sprintf("bootstrap, %d resamples%s", c.Bootstrap, pairedNote(c.Rows))
}

// RobustNote explains the run-by-run columns of a comparison under a
// posterior.
const RobustNote = "run-by-run shift: run i of each scenario against run i of the first (the same posterior parameter set and seed); " +
	"its spread is over parameters and noise together, and 'same direction' is the share of pairs whose shift has the median's sign"

func pairedNote(comps []summary.Comparison) string {
	for _, c := range comps[1:] {
		if !c.Paired {
			return " (some pairs unpaired: no common seeds)"
		}
	}
	return ", runs resampled in pairs (common random numbers)"
}

// WriteComparison writes compare.md (the table) and compare.csv (the same
// numbers, unformatted) into dir.
func WriteComparison(dir string, c *Comparison) error {
	var md strings.Builder
	for i, r := range c.Table() {
		md.WriteString("| " + strings.Join(r, " | ") + " |\n")
		if i == 0 {
			md.WriteString(strings.Repeat("|---", len(r)) + "|\n")
		}
	}
	fmt.Fprintf(&md, "\nIntervals: %s.\n", c.IntervalNote())
	if c.Robust() {
		fmt.Fprintf(&md, "\n%s%s.\n", strings.ToUpper(RobustNote[:1]), RobustNote[1:])
	}
	if err := os.WriteFile(filepath.Join(dir, "compare.md"), []byte(md.String()), 0o644); err != nil {
		return err
	}
	var csv strings.Builder
	robust := c.Robust()
	csv.WriteString("scenario,runs,share_ga_by_1997_06_30,share_ga_by_1997_12_31,median_ga_date,shift_days,shift_lo,shift_hi,uto_share_median,uto_share_shift,uto_share_shift_lo,uto_share_shift_hi,paired")
	if robust {
		csv.WriteString(",run_shift_median,run_shift_q10,run_shift_q90,run_shift_same_sign")
	}
	csv.WriteString("\n")
	for _, r := range c.Rows {
		med := ""
		if r.Median != nil {
			med = summary.DayDate(*r.Median).Format(time.DateOnly)
		}
		fmt.Fprintf(&csv, "%s,%d,%.4f,%.4f,%s,%s,%s,%s,%s,%s,%s,%s,%v", r.Name, r.Runs, r.ByMid1997, r.ByEnd1997, med,
			num4(r.Shift), num4(r.ShiftLo), num4(r.ShiftHi), num4(r.ShareMedian), num4(r.ShareShift), num4(r.ShareShiftLo), num4(r.ShareShiftHi), r.Paired)
		if robust {
			if rb := r.Robust; rb != nil {
				fmt.Fprintf(&csv, ",%s,%s,%s,%.4f", infNum(rb.Median), infNum(rb.Lo), infNum(rb.Hi), rb.SameSign)
			} else {
				csv.WriteString(",,,,")
			}
		}
		csv.WriteString("\n")
	}
	return os.WriteFile(filepath.Join(dir, "compare.csv"), []byte(csv.String()), 0o644)
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

// typicalRun is the run whose General Agreement came nearest the median
// date over all runs (runs that never signed counting as later than any
// date); the first such run. If the median run never signed, it is the
// first run that never signed.
func typicalRun(rs []*sim.Result) int {
	days := make([]float64, len(rs))
	for i, r := range rs {
		days[i] = math.Inf(1)
		if m, ok := r.Milestone("general_agreement"); ok && m.Reached {
			days[i] = float64(m.Date.Unix() / 86400)
		}
	}
	sorted := slices.Clone(days)
	slices.Sort(sorted)
	median := sorted[(len(sorted)-1)/2]
	best := 0
	for i, d := range days {
		if math.Abs(d-median) < math.Abs(days[best]-median) || math.IsInf(median, 1) && math.IsInf(d, 1) && !math.IsInf(days[best], 1) {
			best = i
		}
	}
	return best
}
