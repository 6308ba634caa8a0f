package figures

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/paramtable"
	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

// Draw draws every figure and the report of a run's output directory in
// memory, from its files alone; nothing is drawn if anything is missing or
// malformed.
func Draw(dir, format string) ([]plots.Figure, error) {
	in, err := results.Read(dir)
	if err != nil {
		return nil, err
	}
	narrative, err := results.ReadNarrative(dir)
	if err != nil {
		return nil, err
	}
	figs, err := plots.All(in, format)
	if err != nil {
		return nil, err
	}
	report, err := plots.Report(in, narrative)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return append(figs, plots.Figure{Name: "report.html", Bytes: report}), nil
}

// FileName is a figure's file name in the given format (png:2560 is a
// .png; the report keeps its own name).
func FileName(f plots.Figure, format string) string {
	if strings.Contains(f.Name, ".") {
		return f.Name
	}
	return f.Name + "." + plots.Ext(format)
}

// Write draws every figure of the run's output directory from into dir and
// returns their file names.
func Write(from, dir, format string) ([]string, error) {
	figs, err := Draw(from, format)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range figs {
		name := FileName(f, format)
		if err := os.WriteFile(filepath.Join(dir, name), f.Bytes, 0o644); err != nil {
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
		names = append(names, name)
	}
	return names, nil
}

// WriteRun writes a run's files into dir, then the figures drawn from them
// exactly as a later Write would draw them (format "" draws none), and the
// manifest that lists them.
func WriteRun(dir string, run results.Run, man results.Manifest, format string) error {
	man, err := results.WriteRun(dir, run, man)
	if err != nil || format == "" {
		return err
	}
	figs, err := Write(dir, dir, format)
	if err != nil {
		return err
	}
	man.Outputs = append(man.Outputs, figs...)
	return results.WriteManifest(dir, man)
}

// one draws one figure into dir as NAME.FORMAT.
func one(dir, name, format string, draw func() ([]byte, error)) error {
	b, err := draw()
	if err != nil {
		return fmt.Errorf("%s.%s: %w", name, plots.Ext(format), err)
	}
	return os.WriteFile(filepath.Join(dir, name+"."+plots.Ext(format)), b, 0o644)
}

// Compare draws a comparison's two figures into dir - the milestones of
// every scenario against history, and the outcomes side by side - and its
// report.html: each scenario's question, the table, the figures, and the
// texts signed in each scenario's run 0.
func Compare(dir string, c *studies.Comparison, format string) error {
	if err := one(dir, "compare-progress", format, func() ([]byte, error) { return plots.CompareProgress(c.Arms, format) }); err != nil {
		return err
	}
	if err := one(dir, "compare-outcomes", format, func() ([]byte, error) { return plots.CompareOutcomes(c.Arms, format) }); err != nil {
		return err
	}
	in := &plots.CompareReportInput{Arms: c.Arms, Table: c.Table(), Notes: []string{"Intervals: " + c.IntervalNote() + "."},
		Narratives: c.Narratives, Typical: c.Typical}
	if c.Robust() {
		in.Notes = append(in.Notes, strings.ToUpper(studies.RobustNote[:1])+studies.RobustNote[1:]+".")
	}
	report, err := plots.CompareReport(in)
	if err != nil {
		return fmt.Errorf("report.html: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "report.html"), report, 0o644)
}

// Sweep draws a sweep's figure from its points.csv and returns its file
// name (none for a grid the figure cannot show).
func Sweep(dir string, man studies.SweepManifest, format string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, "points.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("points.csv: %w", err)
	}
	in := &plots.SweepInput{Scenario: man.Plan.Scenario, Seeds: man.Plan.Seeds, Params: man.Plan.Grid.Paths()}
	if hist, err := history.Load(); err == nil {
		if m, ok := hist.Milestone("general_agreement"); ok && !m.Date.IsZero() {
			in.HistoricalGA = float64(m.Date.Unix())
		}
	}
	// The scenario as the sweep resolved it, for each parameter's own value.
	own, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"), nil)
	if err != nil {
		return nil, fmt.Errorf("scenario.yaml: %w", err)
	}
	for i, a := range man.Plan.Grid.Axes {
		in.Numeric = append(in.Numeric, a.Numeric)
		in.Labels = append(in.Labels, meaning(in.Params[i]))
		v := math.NaN()
		if s, ok := scenarios.Value(own, in.Params[i]); ok {
			if x, err := strconv.ParseFloat(s, 64); err == nil {
				v = x
			}
		}
		in.Own = append(in.Own, v)
	}
	header := recs[0]
	col := func(name string) int { return slices.Index(header, name) }
	num := func(rec []string, name string) float64 {
		x, err := strconv.ParseFloat(rec[col(name)], 64)
		if err != nil {
			return math.NaN()
		}
		return x
	}
	date := func(rec []string, name string) float64 {
		t, err := time.Parse(time.DateOnly, rec[col(name)])
		if err != nil {
			return math.NaN()
		}
		return float64(t.Unix())
	}
	np := len(in.Params)
	for _, rec := range recs[1:] {
		in.Points = append(in.Points, plots.SweepPoint{Values: rec[1 : 1+np],
			GAShare: num(rec, "ga_by_1997_12_31"), GALo: num(rec, "ga_by_1997_12_31_lo"), GAHi: num(rec, "ga_by_1997_12_31_hi"),
			Median: date(rec, "ga_median"), Q10: date(rec, "ga_q10"), Q90: date(rec, "ga_q90")})
	}
	b, err := plots.Sweep(in, format)
	if err != nil || b == nil {
		return nil, err
	}
	name := "sweep." + plots.Ext(format)
	return []string{name}, os.WriteFile(filepath.Join(dir, name), b, 0o644)
}

// fit draws a calibration's fit figure: each target milestone's error
// before and after.
func fit(dir string, rows []studies.FitRow, targetName, ref, format string) error {
	fi := &plots.FitInput{Title: fmt.Sprintf("Fit to %s before and after calibration (%s)", targetName, ref)}
	for _, r := range rows {
		fi.Milestones = append(fi.Milestones, r.ID)
		fi.Before = append(fi.Before, r.Before-r.Target)
		fi.After = append(fi.After, r.After-r.Target)
	}
	return one(dir, "fit", format, func() ([]byte, error) { return plots.Fit(fi, format) })
}

// Rejection draws a rejection calibration's figures into dir: the fit and
// the marginal posteriors of the kept draws.
func Rejection(dir string, o *studies.RejectionOutput, format string) error {
	if err := fit(dir, o.Fit, o.Target.Name, o.Scenario, format); err != nil {
		return err
	}
	rej := o.Result
	pi := &plots.PosteriorInput{Title: fmt.Sprintf("Marginal posteriors (%d of %d draws kept)", rej.Kept, o.Settings.Samples)}
	for i, p := range o.Params {
		pi.Params, pi.Labels = append(pi.Params, p.Path), append(pi.Labels, meaning(p.Path))
		pi.Min, pi.Max = append(pi.Min, p.Min), append(pi.Max, p.Max)
		pi.Accepted = append(pi.Accepted, rej.Column(i))
		pi.Mean = append(pi.Mean, rej.Marginals[i].Mean)
	}
	return one(dir, "posterior", format, func() ([]byte, error) { return plots.Posterior(pi, format) })
}

// SMC draws an SMC calibration's figures into dir: the fit, the weighted
// marginal posteriors and the pairs of the best-identified parameters.
func SMC(dir string, o *studies.SMCOutput, format string) error {
	if err := fit(dir, o.Fit, o.Target.Name, o.Scenario, format); err != nil {
		return err
	}
	post, margs := o.Result.Posterior(), o.Marginals()
	pi := &plots.PosteriorInput{Title: fmt.Sprintf("Marginal posteriors (%d weighted particles, ESS %.0f; bars: %% of the weight)", len(post.Particles), post.ESS)}
	for i, p := range o.Params {
		pi.Params, pi.Labels = append(pi.Params, p.Path), append(pi.Labels, meaning(p.Path))
		pi.Min, pi.Max = append(pi.Min, p.Min), append(pi.Max, p.Max)
		pi.Accepted = append(pi.Accepted, column(post, i))
		pi.Weights = append(pi.Weights, post.Weights)
		pi.Mean = append(pi.Mean, margs[i].Mean)
	}
	if err := one(dir, "posterior", format, func() ([]byte, error) { return plots.Posterior(pi, format) }); err != nil {
		return err
	}
	return one(dir, "pairs", format, func() ([]byte, error) { return plots.Pairs(pairs(o.Params, post, margs), format) })
}

// column is parameter i of every particle.
func column(g abc.Generation, i int) []float64 {
	xs := make([]float64, len(g.Particles))
	for k, theta := range g.Particles {
		xs[k] = theta[i]
	}
	return xs
}

// pairs picks the (at most five) parameters the calibration pinned down
// most - the narrowest 95% intervals against their prior ranges - for the
// pairs plot.
func pairs(params []studies.Param, post abc.Generation, margs []abc.Marginal) *plots.PairsInput {
	order := make([]int, len(params))
	for i := range order {
		order[i] = i
	}
	rel := func(i int) float64 { return (margs[i].Hi - margs[i].Lo) / (params[i].Max - params[i].Min) }
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rel(a), rel(b)) })
	order = order[:min(5, len(order))]
	slices.Sort(order)
	in := &plots.PairsInput{Title: "Posterior pairs of the best-identified parameters", Weights: post.Weights}
	for _, i := range order {
		in.Params, in.Labels = append(in.Params, params[i].Path), append(in.Labels, meaning(params[i].Path))
		in.Min, in.Max = append(in.Min, params[i].Min), append(in.Max, params[i].Max)
		in.Values = append(in.Values, column(post, i))
	}
	return in
}

// Sensitivity draws a sensitivity analysis's bars (each parameter's index
// with its interval) into dir.
func Sensitivity(dir, ref string, s studies.SensitivitySettings, res *studies.SensitivityResult, format string) error {
	bars := plots.SensitivityInput{Title: fmt.Sprintf("%s: %s of %s (%d design points x %d runs)", ref, s.Method, s.OutcomeName, len(res.Design), s.Seeds),
		Label: res.Header[1]}
	for _, r := range res.Rows {
		bars.Params, bars.Labels = append(bars.Params, r.Path), append(bars.Labels, meaning(r.Path))
		bars.Value = append(bars.Value, r.A)
		bars.Lo = append(bars.Lo, r.ALo)
		bars.Hi = append(bars.Hi, r.AHi)
	}
	return one(dir, "sensitivity", format, func() ([]byte, error) { return plots.Sensitivity(&bars, format) })
}

// meaning is a parameter in plain words from the table of calibratable
// parameters, or "" for a path not in it.
func meaning(path string) string {
	row, _ := paramtable.Find(path)
	return row.Meaning
}
