package summary

import (
	"math"
	"slices"
	"time"

	"github.com/tajikpeace/tajikpeace/internal/interval"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Arm is one scenario's ensemble as a comparison sees it.
type Arm struct {
	Name string
	Seed uint64
	// GA is the day the General Agreement was signed in each run (days
	// since 1970), +Inf if never.
	GA []float64
	// Share is the agreed UTO share of government posts in each run, NaN if
	// never agreed.
	Share []float64
}

// Comparison is one arm against the first.
type Comparison struct {
	Name      string   `json:"scenario"`
	Runs      int      `json:"runs"`
	ByMid1997 float64  `json:"share_by_1997_06_30"`
	ByEnd1997 float64  `json:"share_by_1997_12_31"`
	Median    *float64 `json:"median_day"` // nil if not reached in half the runs
	// Shift is the median General Agreement date minus the first arm's, in
	// days, with a bootstrap 95% interval; ±Inf when one median is censored.
	Shift, ShiftLo, ShiftHi float64
	ShareMedian             float64 `json:"uto_share_median"`
	ShareShift              float64 `json:"uto_share_shift"`
	ShareShiftLo            float64 `json:"uto_share_shift_lo"`
	ShareShiftHi            float64 `json:"uto_share_shift_hi"`
	// Paired says the arms share their seeds (common random numbers), so
	// the bootstrap resamples runs in pairs.
	Paired bool `json:"paired"`
	// Robust, for paired arms, is the spread of the run-by-run effect.
	Robust *Robustness `json:"robustness,omitempty"`
}

// Robustness is the effect of a scenario run by run, paired with the first
// arm's run of the same seed (and, under a posterior, the same parameter
// set): the spread over parameters and noise together, not the uncertainty
// of a median.
type Robustness struct {
	// Median, Lo and Hi are the median and the 10% and 90% quantiles of the
	// paired shifts in days (±Inf: reached in one arm only, within the span).
	Median, Lo, Hi float64
	// SameSign is the share of pairs whose shift has the sign of Median
	// (for a median of 0, the share of pairs with no shift); Later and
	// Earlier the shares of pairs with a positive and a negative shift.
	SameSign       float64
	Later, Earlier float64
}

// Robust computes the Robustness of arm b against arm a; they must be
// paired (the same runs in the same order). A pair reaching the General
// Agreement in neither arm has a shift of 0.
func Robust(a, b Arm) *Robustness {
	d := make([]float64, len(a.GA))
	for i := range d {
		switch {
		case math.IsInf(a.GA[i], 1) && math.IsInf(b.GA[i], 1):
			d[i] = 0
		default:
			d[i] = b.GA[i] - a.GA[i] // ±Inf when one arm never reached it
		}
	}
	slices.Sort(d)
	r := &Robustness{Median: pct(d, 0.5), Lo: pct(d, 0.1), Hi: pct(d, 0.9)}
	same, later, earlier := 0, 0, 0
	for _, x := range d {
		if (r.Median > 0 && x > 0) || (r.Median < 0 && x < 0) || (r.Median == 0 && x == 0) {
			same++
		}
		if x > 0 {
			later++
		} else if x < 0 {
			earlier++
		}
	}
	n := float64(len(d))
	r.SameSign, r.Later, r.Earlier = float64(same)/n, float64(later)/n, float64(earlier)/n
	return r
}

var (
	mid1997 = dayNumber(time.Date(1997, 6, 30, 0, 0, 0, 0, time.UTC))
	end1997 = dayNumber(time.Date(1997, 12, 31, 0, 0, 0, 0, time.UTC))
)

// Compare sets every arm against the first. The bootstrap (nboot
// resamples) draws from a stream derived from bootSeed, so its intervals are
// reproducible.
func Compare(arms []Arm, bootSeed uint64, nboot int) []Comparison {
	base := arms[0]
	var out []Comparison
	for k, a := range arms {
		c := Comparison{Name: a.Name, Runs: len(a.GA)}
		for _, d := range a.GA {
			if d <= mid1997 {
				c.ByMid1997++
			}
			if d <= end1997 {
				c.ByEnd1997++
			}
		}
		c.ByMid1997 /= float64(len(a.GA))
		c.ByEnd1997 /= float64(len(a.GA))
		if m := median(a.GA); !math.IsInf(m, 1) {
			c.Median = &m
		}
		c.ShareMedian = nanMedian(a.Share)
		c.Paired = a.Seed == base.Seed && len(a.GA) == len(base.GA)
		c.Shift = median(a.GA) - median(base.GA)
		c.ShareShift = c.ShareMedian - nanMedian(base.Share)
		if k > 0 {
			c.ShiftLo, c.ShiftHi, c.ShareShiftLo, c.ShareShiftHi = bootstrap(base, a, c.Paired, bootSeed, k, nboot)
		}
		out = append(out, c)
	}
	return out
}

// bootstrap resamples runs (in pairs when paired) and returns the 2.5% and
// 97.5% percentiles of the shift in median date and in median share.
func bootstrap(a, b Arm, paired bool, seed uint64, arm, nboot int) (lo, hi, slo, shi float64) {
	r := sim.Stream(seed, arm, "bootstrap")
	na, nb := len(a.GA), len(b.GA)
	shifts := make([]float64, 0, nboot)
	shares := make([]float64, 0, nboot)
	ra, rb := make([]float64, na), make([]float64, nb)
	sa, sb := make([]float64, na), make([]float64, nb)
	for range nboot {
		for i := range na {
			j := r.IntN(na)
			ra[i], sa[i] = a.GA[j], a.Share[j]
			if paired {
				rb[i], sb[i] = b.GA[j], b.Share[j]
			}
		}
		if !paired {
			for i := range nb {
				j := r.IntN(nb)
				rb[i], sb[i] = b.GA[j], b.Share[j]
			}
		}
		shifts = append(shifts, median(rb)-median(ra))
		if d := nanMedian(sb) - nanMedian(sa); !math.IsNaN(d) {
			shares = append(shares, d)
		}
	}
	slices.Sort(shifts)
	slices.Sort(shares)
	lo, hi = pct(shifts, 0.025), pct(shifts, 0.975)
	slo, shi = math.NaN(), math.NaN()
	if len(shares) > 0 {
		slo, shi = pct(shares, 0.025), pct(shares, 0.975)
	}
	return
}

// median is the lower median; +Inf (never reached) sorts last.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return pct(s, 0.5)
}

func nanMedian(xs []float64) float64 {
	var s []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	return pct(s, 0.5)
}

// pct is the lower empirical p-quantile of sorted values.
func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// NewArm builds an arm from each run's General Agreement date (zero if
// never) and agreed UTO share (NaN if never).
func NewArm(name string, seed uint64, ga []time.Time, share []float64) Arm {
	a := Arm{Name: name, Seed: seed, Share: slices.Clone(share)}
	for _, d := range ga {
		if d.IsZero() {
			a.GA = append(a.GA, math.Inf(1))
		} else {
			a.GA = append(a.GA, dayNumber(d))
		}
	}
	return a
}

// DayDate turns a day number back into a date.
func DayDate(day float64) time.Time { return epoch.AddDate(0, 0, int(day)) }

// Wilson is the 95% Wilson score interval for k successes in n trials.
func Wilson(k, n float64) (float64, float64) { return interval.Wilson(k, n) }
