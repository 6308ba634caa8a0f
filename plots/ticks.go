package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks marks a numeric axis at 1, 2 or 5 times a power of ten, about
// five labelled ticks with unlabelled ones halfway between.
//
// It replaces gonum/plot's default (Talbot, Lin and Hanrahan's search),
// which scores candidate tick sets with multiply-adds that arm64, ppc64le,
// s390x and riscv64 fuse: near a tie the machines pick different ticks, the
// figure's layout shifts, and the same run draws a different PNG. Here every
// step is an exact choice and every product is rounded before it is added.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	step, decimals := niceStep((hi - lo) / 5)
	first := math.Ceil(lo/step) * step
	var ticks []plot.Tick
	for i := 0; ; i++ {
		v := first + float64(float64(i)*step)
		if v > hi+step/1e9 {
			break
		}
		if math.Abs(v) < step/1e9 {
			v = 0 // not "-0"
		}
		v = min(max(v, lo), hi) // a last-place overshoot stays on the axis
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', decimals, 64)})
		if half := v + step/2; half <= hi {
			ticks = append(ticks, plot.Tick{Value: half})
		}
	}
	if before := first - step/2; before >= lo {
		ticks = append(ticks, plot.Tick{Value: before})
	}
	return ticks
}

// niceStep is the smallest of 1, 2 or 5 × 10^k not below raw, and the
// decimals its labels need. Powers of ten come from exact multiplications
// and correctly rounded divisions, not from a logarithm, so they are the
// same everywhere.
func niceStep(raw float64) (step float64, decimals int) {
	mag := 1.0
	for mag*10 <= raw {
		mag *= 10
	}
	for mag > raw {
		mag /= 10
		decimals++
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * mag; step >= raw {
			if m == 10 && decimals > 0 {
				decimals--
			}
			return step, decimals
		}
	}
	return step, decimals
}
