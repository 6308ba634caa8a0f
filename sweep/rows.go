package sweep

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Layout names the columns of runs.csv and points.csv for one sweep.
type Layout struct {
	Params     []string // varied parameter paths
	Milestones []string // milestone ids
	Terms      []string // agreed-term ids
	// Draws says each row ends with the posterior set the run took
	// (a sweep under a posterior).
	Draws   bool
	termsOf []int // how many terms each milestone carries
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
	h = append(h, l.Terms...)
	if l.Draws {
		h = append(h, "draw")
	}
	return h
}

// Row is the canonical row of one run: every value as it is written; draw
// is the posterior set the run took (written only when l.Draws).
func (l Layout) Row(point, rep, stream int, seed uint64, values []string, r *sim.Result, draw int) []string {
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
	row = append(row, terms...)
	if l.Draws {
		row = append(row, strconv.Itoa(draw))
	}
	return row
}

// PointsHeader is the header of points.csv.
func (l Layout) PointsHeader() []string {
	h := []string{"point"}
	h = append(h, l.Params...)
	h = append(h, "runs")
	for _, id := range l.Milestones {
		h = append(h, "reached_"+id, "reached_"+id+"_lo", "reached_"+id+"_hi")
	}
	h = append(h, "ga_by_1997_12_31", "ga_by_1997_12_31_lo", "ga_by_1997_12_31_hi",
		"ga_median", "ga_q10", "ga_q90")
	for _, t := range l.Terms {
		h = append(h, t+"_mean", t+"_lo", t+"_hi", t+"_runs")
	}
	return h
}

// Summarise aggregates the rows of one grid point (in replicate order) into
// its points.csv row; see Accumulator.
func (l Layout) Summarise(rows [][]string) ([]string, error) {
	acc := l.NewAccumulator()
	for _, r := range rows {
		if err := acc.Add(r); err != nil {
			return nil, err
		}
	}
	return acc.Row()
}

// Accumulator summarises a grid point online, row by row, in constant
// memory however many replicates it has: counts for the shares, a
// histogram of days for the quantiles of the General Agreement's date (dates
// are whole days, so the quantiles are exact), and running sums for the
// terms. Rows must come in replicate order; the result depends only on them.
type Accumulator struct {
	l         Layout
	first     []string // point and parameter values
	n         int
	reached   []int
	ga        int // column of the General Agreement, -1 if none
	byEnd     int
	gaDays    map[int64]int
	never     int
	termN     []int
	termSum   []float64
	termSumSq []float64
}

// NewAccumulator starts the summary of one grid point.
func (l Layout) NewAccumulator() *Accumulator {
	a := &Accumulator{l: l, ga: -1, reached: make([]int, len(l.Milestones)), gaDays: map[int64]int{},
		termN: make([]int, len(l.Terms)), termSum: make([]float64, len(l.Terms)), termSumSq: make([]float64, len(l.Terms))}
	for k, id := range l.Milestones {
		if id == "general_agreement" {
			a.ga = k
		}
	}
	return a
}

var endOf1997 = time.Date(1997, 12, 31, 0, 0, 0, 0, time.UTC)

// Add takes the next row of the point.
func (a *Accumulator) Add(r []string) error {
	first := 4 + len(a.l.Params)
	want := first + len(a.l.Milestones) + len(a.l.Terms)
	if a.l.Draws {
		want++
	}
	if len(r) != want {
		return fmt.Errorf("a run row of %d columns, expected %d", len(r), want)
	}
	if a.n == 0 {
		a.first = append([]string{r[0]}, r[4:first]...)
	}
	a.n++
	for k := range a.l.Milestones {
		if r[first+k] != "" {
			a.reached[k]++
		}
	}
	if a.ga >= 0 {
		if v := r[first+a.ga]; v == "" {
			a.never++
		} else {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return fmt.Errorf("point %s: general_agreement %q: %w", r[0], v, err)
			}
			a.gaDays[d.Unix()/86400]++
			if !d.After(endOf1997) {
				a.byEnd++
			}
		}
	}
	tfirst := first + len(a.l.Milestones)
	for k := range a.l.Terms {
		if v := r[tfirst+k]; v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return fmt.Errorf("point %s: term %s %q: %w", r[0], a.l.Terms[k], v, err)
			}
			a.termN[k]++
			a.termSum[k] += x
			a.termSumSq[k] += float64(x * x) // rounded before the sum on every machine
		}
	}
	return nil
}

// Row is the point's points.csv row: the share of runs reaching each
// milestone within the span, with a 95% Wilson interval; the share with a General Agreement by 31 Dec 1997 with a 95%
// Wilson interval; the median and 10-90% of its date (runs that never reach
// it count as later than any date; empty when the quantile falls among
// them); each term's mean with a 95% normal interval over the runs that
// agreed it.
func (a *Accumulator) Row() ([]string, error) {
	if a.n == 0 {
		return nil, fmt.Errorf("no runs to summarise")
	}
	n := float64(a.n)
	out := append(slices.Clone(a.first), strconv.Itoa(a.n))
	for _, c := range a.reached {
		lo, hi := summary.Wilson(float64(c), n)
		out = append(out, fmtShare(float64(c)/n), fmtShare(lo), fmtShare(hi))
	}
	if a.ga < 0 {
		out = append(out, "", "", "", "", "", "")
	} else {
		lo, hi := summary.Wilson(float64(a.byEnd), n)
		days := slices.Sorted(maps.Keys(a.gaDays))
		q := func(p float64) string {
			// The lower empirical quantile: the k-th smallest value.
			k := max(1, int(math.Ceil(p*n)))
			for _, d := range days {
				k -= a.gaDays[d]
				if k <= 0 {
					return fmtDay(float64(d))
				}
			}
			return "" // among the runs that never reached it
		}
		out = append(out, fmtShare(float64(a.byEnd)/n), fmtShare(lo), fmtShare(hi), q(0.5), q(0.1), q(0.9))
	}
	for k := range a.l.Terms {
		m := a.termN[k]
		if m == 0 {
			out = append(out, "", "", "", "0")
			continue
		}
		mean := a.termSum[k] / float64(m)
		half := math.NaN()
		if m > 1 {
			v := max(0, (a.termSumSq[k]-float64(float64(m)*mean*mean))/float64(m-1))
			half = 1.959964 * math.Sqrt(v) / math.Sqrt(float64(m))
		}
		out = append(out, fmtNum(mean), fmtNum(mean-half), fmtNum(mean+half), strconv.Itoa(m))
	}
	return out, nil
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
