package studies

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sensitivity"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Outcome is what a sensitivity analysis measures of one run.
type Outcome struct {
	Name string
	By   time.Time // for p_agreement_by
}

// ParseOutcome reads general_agreement_date, p_agreement_by:YYYY-MM-DD or
// uto_share.
func ParseOutcome(s string) (Outcome, error) {
	switch {
	case s == "general_agreement_date", s == "uto_share":
		return Outcome{Name: s}, nil
	case strings.HasPrefix(s, "p_agreement_by:"):
		d, err := time.Parse(time.DateOnly, strings.TrimPrefix(s, "p_agreement_by:"))
		if err != nil {
			return Outcome{}, fmt.Errorf("--outcome %s: expected a date YYYY-MM-DD", s)
		}
		return Outcome{Name: "p_agreement_by", By: d}, nil
	}
	return Outcome{}, fmt.Errorf("--outcome %q: expected general_agreement_date, p_agreement_by:YYYY-MM-DD or uto_share", s)
}

// Value is the outcome of one run, and whether the run was censored (it
// never reached what the outcome measures). Censored runs count, explicitly:
// a General Agreement never signed counts as signed the day after the span
// ends (end), and a UTO share never agreed as none (0).
func (o Outcome) Value(r *sim.Result, end time.Time) (float64, bool) {
	ga, _ := r.Milestone("general_agreement")
	switch o.Name {
	case "general_agreement_date":
		if !ga.Reached {
			return days1993(end.AddDate(0, 0, 1)), true
		}
		return days1993(ga.Date), false
	case "p_agreement_by":
		if ga.Reached && !ga.Date.After(o.By) {
			return 1, false
		}
		return 0, false
	default:
		pol, _ := r.Milestone("political")
		if !pol.Reached || len(pol.Terms) == 0 {
			return 0, true
		}
		return pol.Terms[0], false
	}
}

func days1993(t time.Time) float64 {
	return t.Sub(time.Date(1993, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// SensitivitySettings control a global sensitivity analysis.
type SensitivitySettings struct {
	// Method is "sobol" (Saltelli's design, N base samples) or "morris"
	// (N trajectories on 4 levels).
	Method  string
	N       int
	Outcome Outcome
	// OutcomeName labels the outcome in the checkpoint's key (as given).
	OutcomeName string
	// Seeds runs are averaged at each design point (run r of every point
	// is run r: common random numbers).
	Seeds   int
	Seed    uint64
	Workers int
	// Checkpoint keeps the measured design points (see SensitivityKey);
	// Progress and PointDone are Measure's.
	Checkpoint *results.Checkpoint
	Progress   func(done, total int)
	PointDone  func(points int) error
}

// SensitivityKey is what determines the design points an analysis
// measures: the key of its checkpoint.
func SensitivityKey(base *scenarios.Resolved, params []Param, s SensitivitySettings) []any {
	return []any{"sensitivity", base.Hash, params, s.OutcomeName, s.Method, s.N, s.Seeds, s.Seed}
}

// SensitivityRow is one parameter's indices: A is the index the rows are
// ranked by (Sobol's total index, Morris's μ*), with its bootstrap
// interval; B the other (Sobol's first-order index with its interval,
// Morris's σ).
type SensitivityRow struct {
	Path                     string
	A, ALo, AHi, B, BLo, BHi float64
}

// SensitivityResult is the ranked indices and the design behind them.
type SensitivityResult struct {
	Rows []SensitivityRow // largest A first
	// Header names the columns of sensitivity.csv.
	Header []string
	// Design[p] is design point p's parameter values, Y[p] its mean
	// outcome; Censored counts the censored runs.
	Design   [][]float64
	Y        []float64
	Censored int
}

// Sensitivity ranks params of the template by their effect on the outcome
// (package sensitivity), each design point averaged over Seeds runs.
func Sensitivity(ctx context.Context, tpl *scenarios.Template, base *scenarios.Resolved, params []Param, s SensitivitySettings) (*SensitivityResult, error) {
	k := len(params)
	designRNG := sim.Stream(s.Seed, 0, "sensitivity-design")
	var points [][]float64
	var sobol sensitivity.SobolDesign
	var morris sensitivity.MorrisDesign
	if s.Method == "sobol" {
		sobol = sensitivity.NewSobolDesign(k, s.N, designRNG)
		points = sobol.Points
	} else {
		morris = sensitivity.NewMorrisDesign(k, s.N, 4, designRNG)
		points = morris.Points
	}
	res := &SensitivityResult{Y: make([]float64, len(points))}
	for p := range points {
		row := make([]float64, k)
		for i, pr := range params {
			row[i] = pr.Min + float64(points[p][i]*(pr.Max-pr.Min))
		}
		res.Design = append(res.Design, row)
	}
	setsOf := func(p int) []string {
		var sets []string
		for i, pr := range params {
			sets = append(sets, pr.Path+"="+strconv.FormatFloat(res.Design[p][i], 'g', 10, 64))
		}
		return sets
	}
	end := base.Scenario.Span.End.Time
	cp := s.Checkpoint
	for p := range min(len(cp.Done()), len(points)) {
		var c int
		var err error
		if res.Y[p], c, err = cp.ParseLine(p); err != nil {
			return nil, err
		}
		res.Censored += c
	}
	m := Measure{Noun: "design points", Checkpoint: cp, Models: NewModelCache(tpl, setsOf), Points: len(points), Seeds: s.Seeds,
		Seed: s.Seed, Workers: s.Workers, Progress: s.Progress, PointDone: s.PointDone}
	err := m.Run(ctx, func(p int, runs []*sim.Result) string {
		sum, c := 0.0, 0
		for _, r := range runs {
			v, cens := s.Outcome.Value(r, end)
			sum += v
			if cens {
				c++
			}
		}
		res.Y[p] = sum / float64(s.Seeds)
		res.Censored += c
		return results.ExactFloat(res.Y[p]) + "," + strconv.Itoa(c)
	})
	if err != nil {
		return nil, err
	}
	bootRNG := sim.Stream(s.Seed, 0, "sensitivity-bootstrap")
	if s.Method == "sobol" {
		idx, err := sobol.Sobol(res.Y, 500, bootRNG)
		if err != nil {
			return nil, err
		}
		for i, p := range params {
			res.Rows = append(res.Rows, SensitivityRow{p.Path, idx.Total[i].Value, idx.Total[i].Lo, idx.Total[i].Hi,
				idx.First[i].Value, idx.First[i].Lo, idx.First[i].Hi})
		}
		res.Header = []string{"parameter", "total", "total_lo", "total_hi", "first", "first_lo", "first_hi"}
	} else {
		idx, err := morris.Morris(res.Y, 500, bootRNG)
		if err != nil {
			return nil, err
		}
		for i, p := range params {
			res.Rows = append(res.Rows, SensitivityRow{p.Path, idx.MuStar[i].Value, idx.MuStar[i].Lo, idx.MuStar[i].Hi, idx.Sigma[i], 0, 0})
		}
		res.Header = []string{"parameter", "mu_star", "mu_star_lo", "mu_star_hi", "sigma"}
	}
	slices.SortStableFunc(res.Rows, func(a, b SensitivityRow) int { return cmp.Compare(b.A, a.A) })
	return res, nil
}

// Table is the indices as text, a header first: what sensitivity.csv holds
// and the command prints.
func (r *SensitivityResult) Table(method string) [][]string {
	rows := [][]string{r.Header}
	g := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	for _, row := range r.Rows {
		rec := []string{row.Path, g(row.A), g(row.ALo), g(row.AHi), g(row.B)}
		if method == "sobol" {
			rec = append(rec, g(row.BLo), g(row.BHi))
		}
		rows = append(rows, rec)
	}
	return rows
}

// WriteSensitivity writes an analysis's data into dir: sensitivity.csv
// (the indices), design.csv (every design point and its outcome) and
// manifest.json. The figure is the caller's.
func WriteSensitivity(dir, scenario string, params []Param, s SensitivitySettings, r *SensitivityResult, prov Provenance) error {
	if err := results.WriteCSV(filepath.Join(dir, "sensitivity.csv"), r.Table(s.Method)); err != nil {
		return err
	}
	design := [][]string{append([]string{"point"}, append(Paths(params), "outcome")...)}
	for p := range r.Design {
		rec := []string{strconv.Itoa(p)}
		for i := range params {
			rec = append(rec, strconv.FormatFloat(r.Design[p][i], 'g', 10, 64))
		}
		design = append(design, append(rec, strconv.FormatFloat(r.Y[p], 'g', 10, 64)))
	}
	if err := results.WriteCSV(filepath.Join(dir, "design.csv"), design); err != nil {
		return err
	}
	man := map[string]any{"tool": prov.Tool, "version": prov.Version, "vcs_revision": prov.Revision, "command": prov.Command,
		"scenario": scenario, "method": s.Method, "outcome": s.OutcomeName, "params": params, "n": s.N, "seeds_per_point": s.Seeds,
		"master_seed": s.Seed, "design_points": len(r.Design), "runs": len(r.Design) * s.Seeds, "censored_runs": r.Censored,
		"seed_scheme": sim.SeedScheme + "; replicate r of every design point is run r (common random numbers); design and bootstrap from labels sensitivity-design, sensitivity-bootstrap",
		"complete":    true}
	return results.WriteJSONFile(filepath.Join(dir, "manifest.json"), man)
}
