package studies

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/internal/detmath"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// RejectionSettings control a calibration by rejection ABC.
type RejectionSettings struct {
	// Samples draws from the priors, each measured by Seeds runs (run r of
	// every draw is run r: common random numbers); the Accept fraction
	// nearest the target is the posterior sample.
	Samples, Seeds int
	Accept         float64
	Seed           uint64
	Workers        int
	// Checkpoint keeps the measured draws, so that an interrupted
	// calibration carries on (see RejectionKey); Progress and PointDone
	// are Measure's.
	Checkpoint *results.Checkpoint
	Progress   func(done, total int)
	PointDone  func(points int) error
}

// RejectionKey is what determines the draws a rejection calibration
// measures (not the accepted fraction, which only reads them): the key of
// its checkpoint.
func RejectionKey(base *scenarios.Resolved, params []Param, tgt patterns.Target, s RejectionSettings) []any {
	return []any{"calibrate", base.Hash, params, tgt.Name, tgt.Milestones, ShareOf(tgt), s.Samples, s.Seeds, s.Seed}
}

// ShareOf is the target's UTO share of posts, NaN if it has none.
func ShareOf(t patterns.Target) float64 {
	if v, ok := t.Terms["uto_share_posts"]; ok {
		return v
	}
	return math.NaN()
}

// Marginal summarises one parameter's posterior sample.
type Marginal struct{ Mean, SD, Lo95, Hi95 float64 }

// Rejection is the result of a rejection calibration.
type Rejection struct {
	// Values[j] is draw j (in the order of the parameters); Distance[j]
	// its distance to the target.
	Values   [][]float64
	Distance []float64
	// Order lists the draws nearest first; the first Kept are accepted.
	Order    []int
	Kept     int
	Accepted []bool
	// Censored counts (draw, milestone) medians never reached, counted at
	// the cap.
	Censored  int
	Marginals []Marginal
	// Means are the posterior means as --set overrides.
	Means []string
}

// CalibrateRejection fits params of the template to tgt by rejection ABC
// with the distance of model v1 (patterns.MilestonesAndShare).
func CalibrateRejection(ctx context.Context, tpl *scenarios.Template, base *scenarios.Resolved, params []Param, tgt patterns.Target, s RejectionSettings) (*Rejection, error) {
	draws := sim.Stream(s.Seed, 0, "calibrate-prior")
	res := &Rejection{Values: make([][]float64, s.Samples), Distance: make([]float64, s.Samples)}
	for j := range res.Values {
		res.Values[j] = make([]float64, len(params))
		for i, p := range params {
			res.Values[j][i] = p.Draw(draws)
		}
	}
	setsOf := func(j int) []string {
		var sets []string
		for i, p := range params {
			sets = append(sets, p.Path+"="+strconv.FormatFloat(res.Values[j][i], 'g', 10, 64))
		}
		return sets
	}
	cp := s.Checkpoint
	for j := range min(len(cp.Done()), s.Samples) {
		var c int
		var err error
		if res.Distance[j], c, err = cp.ParseLine(j); err != nil {
			return nil, err
		}
		res.Censored += c
	}
	m := Measure{Noun: "draws", Checkpoint: cp, Models: NewModelCache(tpl, setsOf), Points: s.Samples, Seeds: s.Seeds, Seed: s.Seed,
		Workers: s.Workers, Progress: s.Progress, PointDone: s.PointDone}
	err := m.Run(ctx, func(j int, runs []*sim.Result) string {
		var c int
		res.Distance[j], c, _ = tgt.Distance(patterns.MilestonesAndShare, base.Scenario, runs)
		res.Censored += c
		return results.ExactFloat(res.Distance[j]) + "," + strconv.Itoa(c)
	})
	if err != nil {
		return nil, err
	}
	res.Order = make([]int, s.Samples)
	for j := range res.Order {
		res.Order[j] = j
	}
	slices.SortStableFunc(res.Order, func(a, b int) int { return cmp.Compare(res.Distance[a], res.Distance[b]) })
	res.Kept = max(2, int(math.Ceil(s.Accept*float64(s.Samples))))
	res.Accepted = make([]bool, s.Samples)
	for _, j := range res.Order[:res.Kept] {
		res.Accepted[j] = true
	}
	for i, p := range params {
		xs := res.Column(i)
		mean, sd := detmath.MeanStdDev(xs)
		slices.Sort(xs)
		res.Marginals = append(res.Marginals, Marginal{mean, sd, stat.Quantile(0.025, stat.Empirical, xs, nil), stat.Quantile(0.975, stat.Empirical, xs, nil)})
		res.Means = append(res.Means, p.Path+"="+strconv.FormatFloat(mean, 'g', 6, 64))
	}
	return res, nil
}

// Column is parameter i's accepted values, nearest draw first.
func (r *Rejection) Column(i int) []float64 {
	var xs []float64
	for _, j := range r.Order[:r.Kept] {
		xs = append(xs, r.Values[j][i])
	}
	return xs
}

// FitRow is one target milestone's median before and after a calibration.
type FitRow struct {
	ID                    string
	Target, Before, After float64 // day numbers; NaN when not reached in half the runs
}

// FitTable runs the scenario before and after the overrides after (64 runs
// each, the same streams) and sets each target milestone's median beside
// its target, earliest target first.
func FitTable(ctx context.Context, tpl *scenarios.Template, base *scenarios.Resolved, after []string, tgt patterns.Target, seed uint64, workers int) ([]FitRow, error) {
	fitted, err := tpl.Load(after)
	if err != nil {
		return nil, err
	}
	medians := func(sc *scenarios.Scenario) (map[string]float64, error) {
		rs, err := sim.Ensemble(ctx, agents.New(sc), seed, 64, workers, sim.Options{})
		if err != nil {
			return nil, err
		}
		out := map[string]float64{}
		for id := range tgt.Milestones {
			out[id] = patterns.MedianDay(rs, id)
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
	var rows []FitRow
	for id, t := range tgt.Milestones {
		rows = append(rows, FitRow{id, t, before[id], afterM[id]})
	}
	slices.SortFunc(rows, func(a, b FitRow) int { return cmp.Or(cmp.Compare(a.Target, b.Target), strings.Compare(a.ID, b.ID)) })
	return rows, nil
}
