// Package summary sets the milestones of one run or an ensemble beside the
// historical sequence: the table the command prints and writes to
// summary.json, and the measures of fit the calibration tests assert.
package summary

import (
	"math"
	"slices"
	"sort"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Row is one milestone of the table.
type Row struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Historical *time.Time `json:"historical_date"`
	// Reached is the share of runs that reached the milestone.
	Reached float64 `json:"share_reached"`
	// Median, Q10 and Q90 are quantiles over all runs, counting a run that
	// never reached the milestone as later than any date (censored); nil
	// when that quantile falls among such runs.
	Median *time.Time `json:"median_date"`
	Q10    *time.Time `json:"q10_date"`
	Q90    *time.Time `json:"q90_date"`
	// ErrorDays is the median minus the historical date, in days.
	ErrorDays *float64 `json:"error_days,omitempty"`
}

// TermRow is one agreed term: its median over the runs that agreed it.
type TermRow struct {
	ID         string   `json:"id"`
	Unit       string   `json:"unit"`
	Historical *float64 `json:"historical"`
	Median     *float64 `json:"median"`
	Q10        *float64 `json:"q10"`
	Q90        *float64 `json:"q90"`
	Runs       int      `json:"runs"`
}

// Table is the summary of an ensemble (or of one run).
type Table struct {
	Scenario string    `json:"scenario"`
	Seed     uint64    `json:"seed"`
	Runs     int       `json:"runs"`
	Rows     []Row     `json:"milestones"`
	Terms    []TermRow `json:"terms"`
	// InOrder is the share of runs whose reached milestones come in the
	// historical order (ties allowed).
	InOrder float64 `json:"share_in_historical_order"`
}

// Summarise builds the table for results of the scenario.
func Summarise(sc *scenarios.Scenario, seed uint64, results []*sim.Result, hist *history.Sequence) Table {
	t := Table{Scenario: sc.Name, Seed: seed, Runs: len(results)}
	names := map[string]string{sim.InForce: "Ceasefire enters into force", sim.Collapse: "Ceasefire collapses"}
	for _, is := range sc.Agenda {
		names[is.ID] = is.Name
	}
	for _, id := range sim.MilestoneIDs(sc) {
		row := Row{ID: id, Name: names[id]}
		if h, ok := hist.Milestone(id); ok && !h.Date.IsZero() {
			d := h.Date
			row.Historical = &d
		}
		days := make([]float64, len(results))
		reached := 0
		for i, r := range results {
			m, _ := r.Milestone(id)
			if m.Reached {
				reached++
				days[i] = dayNumber(m.Date)
			} else {
				days[i] = math.Inf(1)
			}
		}
		slices.Sort(days)
		row.Reached = float64(reached) / float64(len(results))
		row.Median, row.Q10, row.Q90 = quantileDate(days, 0.5), quantileDate(days, 0.1), quantileDate(days, 0.9)
		if row.Median != nil && row.Historical != nil {
			e := row.Median.Sub(*row.Historical).Hours() / 24
			row.ErrorDays = &e
		}
		t.Rows = append(t.Rows, row)
	}
	for _, is := range sc.Agenda {
		for k, term := range is.Terms {
			var xs []float64
			for _, r := range results {
				if m, _ := r.Milestone(is.ID); m.Reached {
					xs = append(xs, m.Terms[k])
				}
			}
			tr := TermRow{ID: term.ID, Unit: term.Unit, Runs: len(xs)}
			if h, ok := hist.Term(term.ID); ok {
				v := h.Value
				tr.Historical = &v
			}
			if len(xs) > 0 {
				sort.Float64s(xs)
				tr.Median = ptr(stat.Quantile(0.5, stat.Empirical, xs, nil))
				tr.Q10 = ptr(stat.Quantile(0.1, stat.Empirical, xs, nil))
				tr.Q90 = ptr(stat.Quantile(0.9, stat.Empirical, xs, nil))
			}
			t.Terms = append(t.Terms, tr)
		}
	}
	inOrder := 0
	for _, r := range results {
		if InHistoricalOrder(r, hist) {
			inOrder++
		}
	}
	t.InOrder = float64(inOrder) / float64(len(results))
	return t
}

// InHistoricalOrder reports whether no two reached, historically dated
// milestones of the run come in the reverse of their historical order.
func InHistoricalOrder(r *sim.Result, hist *history.Sequence) bool {
	for _, a := range r.Milestones {
		ha, ok := hist.Milestone(a.ID)
		if !a.Reached || !ok || ha.Date.IsZero() {
			continue
		}
		for _, b := range r.Milestones {
			hb, ok := hist.Milestone(b.ID)
			if !b.Reached || !ok || hb.Date.IsZero() {
				continue
			}
			if ha.Date.Before(hb.Date) && a.Date.After(b.Date) {
				return false
			}
		}
	}
	return true
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func dayNumber(t time.Time) float64 { return math.Floor(t.Sub(epoch).Hours() / 24) }

// quantileDate takes the p-quantile of sorted day numbers (the lower
// empirical quantile, so it is always a date some run reached).
func quantileDate(sorted []float64, p float64) *time.Time {
	q := stat.Quantile(p, stat.Empirical, sorted, nil)
	if math.IsInf(q, 1) {
		return nil
	}
	d := epoch.AddDate(0, 0, int(q))
	return &d
}

func ptr(x float64) *float64 { return &x }
