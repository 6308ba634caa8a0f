// Package classroom is what the classroom page computes (issue #14), in
// plain Go so that the tests check the very code the page will run as
// WebAssembly: a question read from the page's address (a built-in
// scenario, its overrides, the number of runs and the master seed), an
// ensemble of it and of a reference run under common random numbers, and
// the milestone tables - the same numbers `tajikpeace run` prints.
//
// Data flows: the page's query string -> ParseQuery -> Query -> Run ->
// Result (JSON for the page) -> the milestone table and figures.
package classroom

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/results/dataset"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Query is what a page's address asks: ?scenario=no-taliban&seeds=500
// &seed=1&set=observers.russia.interests.taliban=0.5 (set repeatable;
// ref names the scenario it is set beside, "none" for none).
type Query struct {
	Scenario  string
	Reference string
	Seeds     int
	Seed      uint64
	Sets      []string
}

// Defaults and limits of a page's question: a browser runs a thousand runs
// in a moment, and a hand-edited address must not ask for a billion.
const (
	DefaultSeeds = 500
	MaxSeeds     = 20000
	// DefaultReference is what a counterfactual is set beside: the
	// endogenous calendar, as in the teaching guide.
	DefaultReference = "endogenous"
)

// ParseQuery reads a page's query string (with or without its "?"). An
// absent key takes its default; an unknown key, a scenario that is not
// built in (a page reads no files) or a number out of range is an error
// that names the key.
func ParseQuery(raw string) (Query, error) {
	v, err := url.ParseQuery(strings.TrimPrefix(raw, "?"))
	if err != nil {
		return Query{}, fmt.Errorf("the address's query: %w", err)
	}
	q := Query{Scenario: "baseline", Seeds: DefaultSeeds, Seed: 1, Sets: v["set"]}
	for key, vals := range v {
		if !slices.Contains([]string{"scenario", "ref", "seeds", "seed", "set"}, key) {
			return Query{}, fmt.Errorf("%s: unknown key (expected scenario, ref, seeds, seed or set)", key)
		}
		if key != "set" && len(vals) > 1 {
			return Query{}, fmt.Errorf("%s: given %d times, expected once", key, len(vals))
		}
	}
	builtin := scenarios.Builtin()
	if s := v.Get("scenario"); s != "" {
		q.Scenario = s
	}
	if !slices.Contains(builtin, q.Scenario) {
		return Query{}, fmt.Errorf("scenario %q: expected a built-in scenario (%s)", q.Scenario, strings.Join(builtin, ", "))
	}
	q.Reference = DefaultReference
	if r := v.Get("ref"); r != "" {
		q.Reference = r
	}
	if q.Reference == q.Scenario || q.Reference == "none" {
		q.Reference = ""
	}
	if q.Reference != "" && !slices.Contains(builtin, q.Reference) {
		return Query{}, fmt.Errorf("ref %q: expected a built-in scenario or none", q.Reference)
	}
	if s := v.Get("seeds"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 2 || n > MaxSeeds {
			return Query{}, fmt.Errorf("seeds %q: expected a number of runs from 2 to %d", s, MaxSeeds)
		}
		q.Seeds = n
	}
	if s := v.Get("seed"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return Query{}, fmt.Errorf("seed %q: expected a whole number, 0 or more", s)
		}
		q.Seed = n
	}
	for _, s := range q.Sets {
		if !strings.Contains(s, "=") {
			return Query{}, fmt.Errorf("set %q: expected key.path=value", s)
		}
	}
	return q, nil
}

// Encode is the query string that ParseQuery reads back as q: what a
// lecturer copies from the page to hand out.
func (q Query) Encode() string {
	v := url.Values{}
	v.Set("scenario", q.Scenario)
	ref := q.Reference
	if ref == "" {
		ref = "none"
	}
	v.Set("ref", ref)
	v.Set("seeds", strconv.Itoa(q.Seeds))
	v.Set("seed", strconv.FormatUint(q.Seed, 10))
	for _, s := range q.Sets {
		v.Add("set", s)
	}
	return v.Encode()
}

// Result is what a page shows: for the question and, when the query names
// one, its reference (run i of each from the same streams), the milestone
// table and the series the page draws, all on one monthly grid.
type Result struct {
	Query    string `json:"query"`
	Question string `json:"question"`
	// Grid holds the first day of every month the arms span (YYYY-MM-DD).
	Grid []string `json:"grid"`
	// Dated is the number of agenda texts history dates; History, the
	// share of them history had signed by each date of Grid.
	Dated   int       `json:"dated"`
	History []float64 `json:"history"`
	// HistoricalAgreement is the General Agreement's historical date.
	HistoricalAgreement string `json:"historical_agreement"`
	// Events are the question's exogenous events that happen in it.
	Events []Marker `json:"events"`
	Arms   []Arm    `json:"arms"`
}

// Marker is a dated event on the page's figures.
type Marker struct {
	Date  string `json:"date"`
	Label string `json:"label"`
}

// Arm is one scenario's ensemble as the page shows it.
type Arm struct {
	Scenario string        `json:"scenario"`
	Title    string        `json:"title"`
	Table    summary.Table `json:"table"`
	// Progress holds, at each date of the grid, the 5%, 25%, 50%, 75% and
	// 95% quantiles over runs of the share of the dated texts signed by
	// then (as the command's progress figure draws them).
	Progress [][5]float64 `json:"progress"`
	// Agreement is the share of runs with the General Agreement signed by
	// each date of the grid (the command's outcome figure); AgreedBy1997,
	// by the end of 1997 (the teaching guide's measure).
	Agreement    []float64 `json:"agreement"`
	AgreedBy1997 float64   `json:"agreed_by_1997"`
	// Cells and TermCells are the tables as `tajikpeace run` prints them,
	// header first, cell by cell: the page shows the same text.
	Cells     [][]string `json:"cells"`
	TermCells [][]string `json:"term_cells"`
}

// GeneralAgreement is the milestone the page's outcome figure follows.
const GeneralAgreement = "general_agreement"

// Run plays the query's ensembles on one worker (a browser page has one
// thread), telling progress of every run done of all.
func Run(ctx context.Context, q Query, progress func(done, total int)) (*Result, error) {
	hist, err := history.Load()
	if err != nil {
		return nil, err
	}
	names := []string{q.Scenario}
	if q.Reference != "" {
		names = append(names, q.Reference)
	}
	total, done := q.Seeds*len(names), 0
	res := &Result{Query: q.Encode()}
	var all [][]*sim.Result
	var models []*sim.Model
	for k, name := range names {
		sc, err := scenarios.Load(name, q.Sets)
		if err != nil {
			return nil, fmt.Errorf("set: %w", err)
		}
		if k == 0 {
			res.Question = sc.Scenario.Question
			res.Events = markers(sc.Scenario, hist)
		}
		model := agents.New(sc.Scenario)
		runs := make([]*sim.Result, q.Seeds)
		err = sim.Ordered(ctx, 0, q.Seeds, 1, 1,
			func(i int) *sim.Result { return sim.Run(model, q.Seed, i, sim.Options{}) },
			func(i int, r *sim.Result) error {
				runs[i] = r
				if done++; progress != nil {
					progress(done, total)
				}
				return nil
			})
		if err != nil {
			return nil, err
		}
		all, models = append(all, runs), append(models, model)
	}
	grid := monthlyGrid(models)
	for _, g := range grid {
		res.Grid = append(res.Grid, g.Format(time.DateOnly))
	}
	dated := datedTexts(models[0].Scenario, hist)
	res.Dated = len(dated)
	res.History = historicalProgress(dated, grid)
	if m, ok := hist.Milestone(GeneralAgreement); ok && !m.Date.IsZero() {
		res.HistoricalAgreement = m.Date.Format(time.DateOnly)
	}
	end1997 := []time.Time{time.Date(1997, 12, 31, 0, 0, 0, 0, time.UTC)}
	for k, runs := range all {
		sc := models[k].Scenario
		arm := Arm{
			Scenario:     sc.Name,
			Title:        sc.Title,
			Table:        summary.Summarise(sc, q.Seed, runs, hist),
			Progress:     progressBands(runs, dated, grid),
			Agreement:    signedBy(runs, GeneralAgreement, grid),
			AgreedBy1997: signedBy(runs, GeneralAgreement, end1997)[0],
		}
		header, rows := arm.Table.Cells()
		arm.Cells = append([][]string{header}, rows...)
		header, rows = arm.Table.TermCells()
		arm.TermCells = append([][]string{header}, rows...)
		res.Arms = append(res.Arms, arm)
	}
	return res, nil
}

// monthlyGrid is the first day of every month from the earliest start to
// the latest end of the models' spans.
func monthlyGrid(models []*sim.Model) []time.Time {
	lo, hi := models[0].Scenario.Span.Start.Time, models[0].Scenario.Span.End.Time
	for _, m := range models[1:] {
		if s := m.Scenario.Span.Start.Time; s.Before(lo) {
			lo = s
		}
		if e := m.Scenario.Span.End.Time; e.After(hi) {
			hi = e
		}
	}
	var grid []time.Time
	for t := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC); !t.After(hi); t = t.AddDate(0, 1, 0) {
		grid = append(grid, t)
	}
	return grid
}

// datedTexts are the texts of the General Agreement that history dates,
// with their dates (the restoring text is not one of them), as the
// command's progress figure counts them.
func datedTexts(sc *scenarios.Scenario, hist *history.Sequence) map[string]time.Time {
	dated := map[string]time.Time{}
	for _, is := range sc.Agenda {
		if is.Effect == scenarios.EffectRestoreCeasefire {
			continue
		}
		if m, ok := hist.Milestone(is.ID); ok && !m.Date.IsZero() {
			dated[is.ID] = m.Date
		}
	}
	return dated
}

// historicalProgress is history as a single run of the progress bands.
func historicalProgress(dated map[string]time.Time, grid []time.Time) []float64 {
	bands := dataset.ProgressBands([][]float64{signingTimes(dated)}, len(dated), unixGrid(grid))
	share := make([]float64, len(grid))
	for g := range bands {
		share[g] = bands[g][2]
	}
	return share
}

// progressBands computes, at each grid date, the 5%, 25%, 50%, 75% and 95%
// quantiles over runs of the share of the dated texts signed by then, as
// the command's progress figure does (dataset.ProgressBands).
func progressBands(runs []*sim.Result, dated map[string]time.Time, grid []time.Time) [][5]float64 {
	perRun := make([][]float64, len(runs))
	for r, res := range runs {
		var signed []float64
		for id := range dated {
			if m, ok := res.Milestone(id); ok && m.Reached {
				signed = append(signed, float64(m.Date.Unix()))
			}
		}
		slices.Sort(signed)
		perRun[r] = signed
	}
	return dataset.ProgressBands(perRun, len(dated), unixGrid(grid))
}

// signingTimes are history's dates, as ascending Unix seconds.
func signingTimes(dates map[string]time.Time) []float64 {
	var out []float64
	for _, d := range dates {
		out = append(out, float64(d.Unix()))
	}
	slices.Sort(out)
	return out
}

func unixGrid(grid []time.Time) []float64 {
	out := make([]float64, len(grid))
	for g, t := range grid {
		out[g] = float64(t.Unix())
	}
	return out
}

// signedBy is the share of runs that reached milestone id by each date.
func signedBy(runs []*sim.Result, id string, grid []time.Time) []float64 {
	share := make([]float64, len(grid))
	for _, r := range runs {
		m, ok := r.Milestone(id)
		if !ok || !m.Reached {
			continue
		}
		for g, t := range grid {
			if !m.Date.After(t) {
				share[g]++
			}
		}
	}
	for g := range share {
		share[g] /= float64(len(runs))
	}
	return share
}

// markers are the events the command's figures mark (results.EventMarks),
// as the page draws them.
func markers(sc *scenarios.Scenario, hist *history.Sequence) []Marker {
	var out []Marker
	for _, e := range results.EventMarks(sc, hist) {
		out = append(out, Marker{e.Date.Format(time.DateOnly), e.Label})
	}
	return out
}
