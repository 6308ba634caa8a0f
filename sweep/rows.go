package sweep

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Layout names the columns of runs.csv and points.csv for one sweep.
type Layout struct {
	Params     []string // varied parameter paths
	Milestones []string // milestone ids
	Terms      []string // agreed-term ids
	termsOf    []int    // how many terms each milestone carries
}

// NewLayout lays out the columns for a scenario and the varied parameters.
func NewLayout(sc *scenarios.Scenario, params []string) Layout {
	l := Layout{Params: params, Milestones: sim.MilestoneIDs(sc)}
	for _, id := range l.Milestones {
		n := 0
		for _, is := range sc.Agenda {
			if is.ID == id {
				for _, t := range is.Terms {
					l.Terms = append(l.Terms, t.ID)
				}
				n = len(is.Terms)
			}
		}
		l.termsOf = append(l.termsOf, n)
	}
	return l
}

// RunsHeader is the header of runs.csv.
func (l Layout) RunsHeader() []string {
	h := []string{"point", "replicate", "stream", "seed"}
	h = append(h, l.Params...)
	h = append(h, l.Milestones...)
	return append(h, l.Terms...)
}

// Row is the canonical row of one run: every value as it is written.
func (l Layout) Row(point, rep, stream int, seed uint64, values []string, r *sim.Result) []string {
	row := []string{strconv.Itoa(point), strconv.Itoa(rep), strconv.Itoa(stream), strconv.FormatUint(seed, 10)}
	row = append(row, values...)
	var terms []string
	for k, m := range r.Milestones {
		if m.Reached {
			row = append(row, m.Date.Format(time.DateOnly))
		} else {
			row = append(row, "")
		}
		for t := range l.termsOf[k] {
			if m.Reached {
				terms = append(terms, strconv.FormatFloat(m.Terms[t], 'g', 6, 64))
			} else {
				terms = append(terms, "") // a text never signed carries no terms
			}
		}
	}
	return append(row, terms...)
}

// PointsHeader is the header of points.csv.
func (l Layout) PointsHeader() []string {
	h := []string{"point"}
	h = append(h, l.Params...)
	h = append(h, "runs")
	for _, id := range l.Milestones {
		h = append(h, "reached_"+id)
	}
	h = append(h, "ga_by_1997_12_31", "ga_by_1997_12_31_lo", "ga_by_1997_12_31_hi",
		"ga_median", "ga_q10", "ga_q90")
	for _, t := range l.Terms {
		h = append(h, t+"_mean", t+"_lo", t+"_hi", t+"_runs")
	}
	return h
}

// Summarise aggregates the rows of one grid point (in replicate order) into
// its points.csv row: the share of runs reaching each milestone; the share
// with a General Agreement by 31 Dec 1997 with a 95% Wilson interval; the
// median and 10-90% of its date (runs that never reach it count as later
// than any date; empty when the quantile falls among them); and each term's
// mean with a 95% normal interval over the runs that agreed it.
func (l Layout) Summarise(rows [][]string) ([]string, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("no runs to summarise")
	}
	first := 4 + len(l.Params)
	out := []string{rows[0][0]}
	out = append(out, rows[0][4:first]...)
	n := float64(len(rows))
	out = append(out, strconv.Itoa(len(rows)))
	ga := -1
	for k, id := range l.Milestones {
		if id == "general_agreement" {
			ga = first + k
		}
		reached := 0
		for _, r := range rows {
			if r[first+k] != "" {
				reached++
			}
		}
		out = append(out, fmtShare(float64(reached)/n))
	}
	if ga < 0 {
		out = append(out, "", "", "", "", "", "")
	} else {
		end := time.Date(1997, 12, 31, 0, 0, 0, 0, time.UTC)
		days := make([]float64, len(rows))
		by := 0
		for i, r := range rows {
			days[i] = math.Inf(1)
			if r[ga] == "" {
				continue
			}
			d, err := time.Parse(time.DateOnly, r[ga])
			if err != nil {
				return nil, fmt.Errorf("point %s: general_agreement %q: %w", rows[0][0], r[ga], err)
			}
			days[i] = float64(d.Unix() / 86400)
			if !d.After(end) {
				by++
			}
		}
		lo, hi := Wilson(float64(by), n)
		slices.Sort(days)
		out = append(out, fmtShare(float64(by)/n), fmtShare(lo), fmtShare(hi),
			fmtDay(quantile(days, 0.5)), fmtDay(quantile(days, 0.1)), fmtDay(quantile(days, 0.9)))
	}
	tfirst := first + len(l.Milestones)
	for k := range l.Terms {
		var xs []float64
		for _, r := range rows {
			if v := r[tfirst+k]; v != "" {
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return nil, fmt.Errorf("point %s: term %s %q: %w", rows[0][0], l.Terms[k], v, err)
				}
				xs = append(xs, x)
			}
		}
		if len(xs) == 0 {
			out = append(out, "", "", "", "0")
			continue
		}
		mean, half := meanCI(xs)
		out = append(out, fmtNum(mean), fmtNum(mean-half), fmtNum(mean+half), strconv.Itoa(len(xs)))
	}
	return out, nil
}

// Wilson is the 95% Wilson score interval for k successes in n trials.
func Wilson(k, n float64) (float64, float64) {
	if n == 0 {
		return 0, 1
	}
	const z = 1.959964
	p := k / n
	den := 1 + z*z/n
	centre := (p + z*z/(2*n)) / den
	half := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / den
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// meanCI is the mean and the half-width of its 95% normal interval,
// summed in order so the result does not depend on anything but the rows.
func meanCI(xs []float64) (float64, float64) {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	if len(xs) < 2 {
		return mean, math.NaN()
	}
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(xs)-1))
	return mean, 1.959964 * sd / math.Sqrt(float64(len(xs)))
}

// quantile is the lower empirical quantile of sorted values.
func quantile(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func fmtShare(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

func fmtNum(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

func fmtDay(d float64) string {
	if math.IsInf(d, 1) {
		return ""
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}
