package main

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/tajikpeace/tajikpeace"
	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/internal/detmath"
	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
	"gonum.org/v1/gonum/stat"
)

// target is what a calibration fits: dated milestones and the UTO's share.
type target struct {
	name  string
	days  map[string]float64 // milestone id -> day number of its target date
	share float64            // NaN if none
}

// historyTarget is the historical sequence.
func historyTarget() (target, error) {
	hist, err := tajikpeace.History()
	if err != nil {
		return target{}, err
	}
	t := target{name: "history", days: map[string]float64{}, share: math.NaN()}
	for _, m := range hist.Milestones {
		if !m.Date.IsZero() {
			t.days[m.ID] = float64(m.Date.Unix() / 86400)
		}
	}
	if s, ok := hist.Term("uto_share_posts"); ok {
		t.share = s.Value
	}
	return t, nil
}

// outputTarget is the medians of a saved run (a synthetic "history").
func outputTarget(dir string) (target, error) {
	var table summary.Table
	if err := readJSON(filepath.Join(dir, "summary.json"), &table); err != nil {
		return target{}, fmt.Errorf("--target %s: %w", dir, err)
	}
	t := target{name: dir, days: map[string]float64{}, share: math.NaN()}
	for _, r := range table.Rows {
		if r.Median != nil {
			t.days[r.ID] = float64(r.Median.Unix() / 86400)
		}
	}
	for _, tr := range table.Terms {
		if tr.ID == "uto_share_posts" && tr.Median != nil {
			t.share = *tr.Median
		}
	}
	if len(t.days) == 0 {
		return target{}, fmt.Errorf("--target %s: no milestone was reached in half its runs", dir)
	}
	return t, nil
}

// distance between a parameter sample's runs and the target: the root mean
// square, over the target's dated milestones (and the UTO share if it has
// one), of each error in units of three months (91 days) or of 5 points of
// share, each capped at 4; a milestone whose median is never reached (not in
// half the runs) counts as the cap.
func (t target) distance(results []*sim.Result) (float64, int) {
	var sum float64
	n, censored := 0, 0
	for _, id := range slices.Sorted(maps.Keys(t.days)) {
		med := medianDay(results, id)
		e := 4.0
		if !math.IsInf(med, 1) {
			e = min(4, math.Abs(med-t.days[id])/91)
		} else {
			censored++
		}
		sum += e * e
		n++
	}
	if !math.IsNaN(t.share) {
		var shares []float64
		for _, r := range results {
			if m, ok := r.Milestone("political"); ok && m.Reached && len(m.Terms) > 0 {
				shares = append(shares, m.Terms[0])
			}
		}
		e := 4.0
		if len(shares) > 0 {
			slices.Sort(shares)
			e = min(4, math.Abs(shares[(len(shares)-1)/2]-t.share)/0.05)
		}
		sum += e * e
		n++
	}
	return math.Sqrt(sum / float64(n)), censored
}

// medianDay is the (lower) median of the day numbers on which the runs
// reached milestone id, a run that never reached it counting as +Inf: so it
// is +Inf when fewer than half the runs reached it.
func medianDay(results []*sim.Result, id string) float64 {
	days := make([]float64, len(results))
	for i, r := range results {
		days[i] = math.Inf(1)
		if m, ok := r.Milestone(id); ok && m.Reached {
			days[i] = float64(m.Date.Unix() / 86400)
		}
	}
	slices.Sort(days)
	return days[(len(days)-1)/2]
}

// fitRow is one target milestone's median before and after calibration.
type fitRow struct {
	id                    string
	target, before, after float64 // day numbers; NaN when not reached in half the runs
}

// fitTable runs the scenario before and after (64 runs each, the same
// streams) and sets each target milestone's median beside its target.
func fitTable(cmd *cobra.Command, tpl *scenarios.Template, base *scenarios.Resolved, after []string, tgt target, seed uint64, workers int) ([]fitRow, error) {
	fitted, err := tpl.Load(after)
	if err != nil {
		return nil, err
	}
	medians := func(sc *scenarios.Scenario) (map[string]float64, error) {
		rs, err := sim.Ensemble(cmd.Context(), agents.New(sc), seed, 64, workers, sim.Options{})
		if err != nil {
			return nil, err
		}
		out := map[string]float64{}
		for id := range tgt.days {
			out[id] = medianDay(rs, id)
			if math.IsInf(out[id], 1) {
				out[id] = math.NaN()
			}
		}
		return out, nil
	}
	before, err := medians(base.Scenario)
	if err != nil {
		return nil, err
	}
	afterM, err := medians(fitted.Scenario)
	if err != nil {
		return nil, err
	}
	var rows []fitRow
	for id, t := range tgt.days {
		rows = append(rows, fitRow{id, t, before[id], afterM[id]})
	}
	slices.SortFunc(rows, func(a, b fitRow) int { return cmp.Or(cmp.Compare(a.target, b.target), strings.Compare(a.id, b.id)) })
	return rows, nil
}

func dayText(d float64) string {
	if math.IsNaN(d) {
		return "-"
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}

func errText(d, t float64) string {
	if math.IsNaN(d) {
		return "not reached"
	}
	return fmt.Sprintf("%+.0f", d-t)
}

func newCalibrateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calibrate [SCENARIO] --params FILE",
		Short: "Fit parameters to the historical sequence by approximate Bayesian computation",
		Long: `Fit the parameters named in FILE (path; min and max, or the range of the
table in docs/model.md; prior uniform, or normal with a mean and sd,
truncated to the range) by rejection
ABC: draw --samples parameter vectors from the priors, run each --seeds times
(the same streams for every sample: common random numbers), and keep the
--accept fraction closest to the target as a sample of the posterior.

The distance is the root mean square, over the target's dated milestones and
the UTO's share of posts, of each median's error in units of 91 days (or 5
points of share), capped at 4; a milestone not reached in half the runs counts
as the cap. The target is the historical sequence, or with --target DIR the
medians of a saved run (a synthetic check: fit a run whose parameters are
known, and see whether the posterior covers them).

Writes posterior.csv (every sample, its distance, whether accepted), a
scenario that extends the input with the posterior means (calibrated.yaml),
fit.csv and fit.png (each target milestone's median before and after, 64 runs
each), posterior.png (the marginal posteriors) and a manifest; prints each
parameter's posterior mean, sd and 95% interval.

Interrupted (Ctrl-C, a killed job), it writes nothing to the output directory
but keeps the finished draws in OUT.partial; the same command run again
measures only the rest and writes what an uninterrupted run would.`,
		Example: `  tajikpeace calibrate --params params.yaml --samples 2000 --seeds 8 --accept 0.05`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := settings(cmd)
			if err != nil {
				return err
			}
			ref, tpl, base, params, err := analysisInputs(v, args, "calibrate")
			if err != nil {
				return err
			}
			tgt, err := historyTarget()
			if dir := v.GetString("target"); dir != "" {
				tgt, err = outputTarget(dir)
			}
			if err != nil {
				return err
			}
			samples, seeds, accept := v.GetInt("samples"), v.GetInt("seeds"), v.GetFloat64("accept")
			if samples < 10 || seeds < 1 || !(accept > 0 && accept <= 0.5) {
				return fmt.Errorf("expected --samples >= 10, --seeds >= 1 and 0 < --accept <= 0.5")
			}
			out := v.GetString("out")
			if out == "" {
				out = filepath.Join("out", "calibrate-"+base.Scenario.Name)
			}
			if err := checkOutDir(out, v.GetBool("force")); err != nil {
				return err
			}
			workers := v.GetInt("workers")
			if workers < 1 {
				workers = runtime.GOMAXPROCS(0)
			}
			format := v.GetString("format")
			if err := checkFormat(format); err != nil {
				return err
			}
			return runCalibrate(cmd, ref, tpl, base, params, tgt, samples, seeds, accept, v.GetUint64("seed"), workers, out, v.GetBool("force"), format, v.GetBool("quiet"), v.GetInt("stop-after"))
		},
	}
	f := cmd.Flags()
	f.String("params", "", "YAML file listing the parameters to fit: params: [{path, min, max}]")
	f.String("target", "", "fit the medians of this saved run instead of history")
	f.Int("samples", 1000, "draws from the priors")
	f.Int("seeds", 8, "runs per draw (common random numbers)")
	f.Float64("accept", 0.05, "fraction of draws kept as the posterior sample")
	f.Uint64("seed", 1, "master seed (the draws and the runs)")
	addAnalysisFlags(f, "out/calibrate-SCENARIO", "draws")
	return cmd
}

func runCalibrate(cmd *cobra.Command, ref string, tpl *scenarios.Template, base *scenarios.Resolved, params []paramSpec, tgt target,
	samples, seeds int, accept float64, seed uint64, workers int, out string, force bool, format string, quiet bool, stopAfter int) (err error) {
	draws := sim.Stream(seed, 0, "calibrate-prior")
	values := make([][]float64, samples)
	for j := range values {
		values[j] = make([]float64, len(params))
		for i, p := range params {
			values[j][i] = p.draw(draws)
		}
	}
	setsOf := func(j int) []string {
		var s []string
		for i, p := range params {
			s = append(s, p.Path+"="+strconv.FormatFloat(values[j][i], 'g', 10, 64))
		}
		return s
	}
	cache := newModelCache(tpl, setsOf)
	dist := make([]float64, samples)
	censored := 0 // (draw, milestone) medians never reached, counted at the cap
	// The draws already measured by an interrupted attempt at this very
	// calibration (same scenario, parameters, target, budget and seed; not
	// --accept, which only reads the distances) are kept, not run again.
	cp, err := openCheckpoint(out, force, "calibrate", base.Hash, params, tgt.name, tgt.days, tgt.share, samples, seeds, seed)
	if err != nil {
		return err
	}
	defer cp.close() // kept for the next attempt unless removed on success
	for j := range min(len(cp.done), samples) {
		var c int
		if dist[j], c, err = cp.parseLine(j); err != nil {
			return err
		}
		censored += c
	}
	err = measurePoints(cmd, "draws", cp, cache, samples, seeds, seed, workers, quiet, stopAfter, func(j int, runs []*sim.Result) string {
		var c int
		dist[j], c = tgt.distance(runs)
		censored += c
		return floatText(dist[j]) + "," + strconv.Itoa(c)
	})
	if err != nil {
		return err
	}
	order := make([]int, samples)
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(dist[a], dist[b]) })
	kept := max(2, int(math.Ceil(accept*float64(samples))))
	accepted := make([]bool, samples)
	for _, j := range order[:kept] {
		accepted[j] = true
	}
	type posterior struct{ mean, sd, lo, hi float64 }
	stats := make([]posterior, len(params))
	var means []string
	for i, p := range params {
		var xs []float64
		for _, j := range order[:kept] {
			xs = append(xs, values[j][i])
		}
		mean, sd := detmath.MeanStdDev(xs)
		slices.Sort(xs)
		stats[i] = posterior{mean, sd, stat.Quantile(0.025, stat.Empirical, xs, nil), stat.Quantile(0.975, stat.Empirical, xs, nil)}
		means = append(means, p.Path+"="+strconv.FormatFloat(mean, 'g', 6, 64))
	}

	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "rejection ABC against %s: %d draws x %d runs, %d kept (distance <= %.3f; best %.3f)\n",
		tgt.name, samples, seeds, kept, dist[order[kept-1]], dist[order[0]])
	fmt.Fprintf(w, "censored: %d of %d milestone medians never reached (counted at the cap of 4)\n\n", censored, samples*len(tgt.days))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tprior\tposterior mean\tsd\t95% interval\t")
	for i, p := range params {
		fmt.Fprintf(tw, "%s\t%s %g..%g\t%.4g\t%.3g\t%.4g..%.4g\t\n", p.Path, p.Prior, p.Min, p.Max, stats[i].mean, stats[i].sd, stats[i].lo, stats[i].hi)
	}
	tw.Flush()
	fit, err := fitTable(cmd, tpl, base, means, tgt, seed, workers)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nfit to %s (medians of 64 runs, errors in days)\n", tgt.name)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "milestone\ttarget\tbefore\terror\tafter\terror\t")
	for _, r := range fit {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", r.id, dayText(r.target), dayText(r.before), errText(r.before, r.target),
			dayText(r.after), errText(r.after, r.target))
	}
	tw.Flush()

	extends := ref
	if !slices.Contains(scenarios.Builtin(), ref) {
		abs, err := filepath.Abs(ref)
		if err != nil {
			return err
		}
		extends = abs
	}
	err = publish(out, force, func(tmp string) error {
		rows := [][]string{append(append([]string{"draw"}, paramPaths(params)...), "distance", "accepted")}
		for j := range samples {
			rec := []string{strconv.Itoa(j)}
			for i := range params {
				rec = append(rec, strconv.FormatFloat(values[j][i], 'g', 10, 64))
			}
			rows = append(rows, append(rec, strconv.FormatFloat(dist[j], 'g', 6, 64), strconv.FormatBool(accepted[j])))
		}
		if err := writeCSV(filepath.Join(tmp, "posterior.csv"), rows); err != nil {
			return err
		}
		header := []string{
			fmt.Sprintf("Calibrated by rejection ABC against %s (%d draws x %d runs, %d kept).", tgt.name, samples, seeds, kept),
			"Posterior means; their sd and 95% intervals are in manifest.json.",
		}
		fitted, err := scenarios.Overlay(base, extends, base.Scenario.Name+"-calibrated", means, header)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, "calibrated.yaml"), fitted, 0o644); err != nil {
			return err
		}
		fitRows := [][]string{{"milestone", "target", "before", "before_error_days", "after", "after_error_days"}}
		fi := &plots.FitInput{Title: fmt.Sprintf("Fit to %s before and after calibration (%s)", tgt.name, ref)}
		for _, r := range fit {
			fitRows = append(fitRows, []string{r.id, dayText(r.target), dayText(r.before), strings.TrimPrefix(errText(r.before, r.target), "+"),
				dayText(r.after), strings.TrimPrefix(errText(r.after, r.target), "+")})
			fi.Milestones = append(fi.Milestones, r.id)
			fi.Before = append(fi.Before, r.before-r.target)
			fi.After = append(fi.After, r.after-r.target)
		}
		if err := writeCSV(filepath.Join(tmp, "fit.csv"), fitRows); err != nil {
			return err
		}
		pi := &plots.PosteriorInput{Title: fmt.Sprintf("Marginal posteriors (%d of %d draws kept)", kept, samples)}
		for i, p := range params {
			pi.Params = append(pi.Params, p.Path)
			pi.Min, pi.Max = append(pi.Min, p.Min), append(pi.Max, p.Max)
			var acc []float64
			for _, j := range order[:kept] {
				acc = append(acc, values[j][i])
			}
			pi.Accepted = append(pi.Accepted, acc)
			pi.Mean = append(pi.Mean, stats[i].mean)
		}
		for name, draw := range map[string]func() ([]byte, error){
			"fit." + format:       func() ([]byte, error) { return plots.Fit(fi, format) },
			"posterior." + format: func() ([]byte, error) { return plots.Posterior(pi, format) },
		} {
			b, err := draw()
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
				return err
			}
		}
		post := map[string]any{}
		for i, p := range params {
			post[p.Path] = map[string]float64{"mean": stats[i].mean, "sd": stats[i].sd, "lo95": stats[i].lo, "hi95": stats[i].hi,
				"prior_min": p.Min, "prior_max": p.Max}
		}
		man := map[string]any{"tool": "tajikpeace", "version": version(), "vcs_revision": revision(), "command": os.Args,
			"scenario": ref, "target": tgt.name, "method": "rejection ABC, priors as in the parameter file", "draws": samples,
			"runs_per_draw": seeds, "accepted": kept, "censored_medians": censored, "distance_threshold": dist[order[kept-1]], "posterior": post,
			"seed": seed, "seed_scheme": sim.SeedScheme + "; run r of every draw is run r (common random numbers); draws from label calibrate-prior",
			"distance": "RMS over target milestones (and UTO share) of |median error|/91 days (or /0.05 share), capped at 4; unreached = 4",
			"complete": true}
		if err := writeJSONFile(filepath.Join(tmp, "manifest.json"), man); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := cp.remove(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (calibrated.yaml extends %s)\n", out, strings.TrimSpace(extends))
	return nil
}
