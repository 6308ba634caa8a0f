package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PosteriorInput is a calibration's accepted draws, parameter by parameter.
type PosteriorInput struct {
	Title  string
	Params []string
	// Labels are the parameters in plain words (empty: the path alone).
	Labels   []string
	Min, Max []float64
	Accepted [][]float64 // Accepted[i] are the accepted values of parameter i
	// Weights[i], if given, are the importance weights of Accepted[i]
	// (ABC-SMC); the histograms then show weight, not counts.
	Weights [][]float64
	Mean    []float64
}

// Posterior draws each parameter's marginal posterior as a histogram over
// its prior range, with the posterior mean marked.
func Posterior(in *PosteriorInput, format string) ([]byte, error) {
	var rows []*plot.Plot
	for i, name := range in.Params {
		p := styled(plot.New())
		p.Title.Text = name
		if i < len(in.Labels) && in.Labels[i] != "" {
			p.Title.Text = in.Labels[i] + " (" + name + ")"
		}
		if i == 0 {
			p.Title.Text = in.Title + "\n" + p.Title.Text
		}
		p.Title.TextStyle.Font.Size = labelSize
		p.Y.Label.Text = "draws kept"
		if in.Weights != nil {
			p.Y.Label.Text = "% of weight"
		}
		for _, ax := range []*plot.Axis{&p.X, &p.Y} {
			ax.Label.TextStyle.Font.Size = labelSize
			ax.Tick.Label.Font.Size = tickSize
		}
		p.X.Min, p.X.Max = in.Min[i], in.Max[i]
		var w []float64
		if in.Weights != nil {
			w = in.Weights[i]
		}
		h, err := newWeightedHist(in.Accepted[i], w, 20)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		h.FillColor = bandInk
		h.LineStyle = lineStyle(simulateInk, 1)
		if in.Weights != nil {
			weightAxis(p, h)
		}
		v := &vlines{at: []float64{in.Mean[i]}, labels: []string{fmt.Sprintf("mean %.3g", in.Mean[i])},
			style: lineStyle(historyInk, 2, vg.Points(8), vg.Points(4)), font: tickFont()}
		p.Add(plotter.NewGrid(), h, v)
		rows = append(rows, p)
	}
	if len(rows) > 6 {
		// Tens of parameters (calibrate --params all): a grid of four
		// columns instead of a column a parameter long.
		for i, p := range rows {
			p.Title.Text = shortPath(in.Params[i])
			p.Y.Label.Text = ""
		}
		return renderGrid(format, in.Title, 4, vg.Length(230)*vg.Inch/dpi, rows)
	}
	return render(format, vg.Length(260*len(rows))*vg.Inch/dpi, rows...)
}

// shortPath keeps the last two parts of a key path
// (observers.russia.interests.taliban -> interests.taliban), enough to
// name a small panel, with the actor when there is one.
func shortPath(p string) string {
	parts := strings.Split(p, ".")
	if len(parts) >= 4 && (parts[0] == "parties" || parts[0] == "observers") {
		return parts[1] + " " + strings.Join(parts[len(parts)-2:], ".")
	}
	if len(parts) > 2 {
		return strings.Join(parts[len(parts)-2:], ".")
	}
	return p
}

// PairsInput is a weighted posterior sample of a few parameters.
type PairsInput struct {
	Title  string
	Params []string
	// Labels are the parameters in plain words, given under the title as
	// a key to the panels' short names (empty: no key).
	Labels   []string
	Min, Max []float64
	Values   [][]float64 // Values[i] are the particles' values of parameter i
	Weights  []float64
}

// Pairs draws the pairs plot of a posterior: each parameter's weighted
// histogram on the diagonal, each pair's particles below it (darker where
// more weight lies), so that a ridge - two parameters traded against each
// other - shows as a line of points.
func Pairs(in *PairsInput, format string) ([]byte, error) {
	k := len(in.Params)
	if k == 0 || len(in.Weights) == 0 {
		return nil, fmt.Errorf("pairs: no parameter or no particle")
	}
	cells := make([]*plot.Plot, k*k)
	maxW := slices.Max(in.Weights)
	for r := range k {
		for c := range k {
			if c > r {
				continue
			}
			p := styled(plot.New())
			for _, ax := range []*plot.Axis{&p.X, &p.Y} {
				ax.Label.TextStyle.Font.Size = tickSize
				ax.Tick.Label.Font.Size = tickSize
			}
			p.X.Min, p.X.Max = in.Min[c], in.Max[c]
			if r == k-1 {
				p.X.Label.Text = twoLines(shortPath(in.Params[c]))
			}
			if r == c {
				h, err := newWeightedHist(in.Values[c], in.Weights, 20)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", in.Params[c], err)
				}
				h.FillColor = bandInk
				h.LineStyle = lineStyle(simulateInk, 1)
				p.Add(h)
				weightAxis(p, h)
				// The diagonal shows each marginal's shape; its weight scale
				// is posterior.png's. (Its tick labels also drew a part of a
				// pixel apart on arm64.)
				p.Y.Tick.Marker = plot.ConstantTicks(nil)
			} else {
				p.Y.Min, p.Y.Max = in.Min[r], in.Max[r]
				if c == 0 {
					p.Y.Label.Text = twoLines(shortPath(in.Params[r]))
				}
				xys := make(plotter.XYs, len(in.Weights))
				for i := range xys {
					xys[i] = plotter.XY{X: in.Values[c][i], Y: in.Values[r][i]}
				}
				s, err := plotter.NewScatter(xys)
				if err != nil {
					return nil, err
				}
				s.GlyphStyleFunc = func(i int) draw.GlyphStyle {
					a := uint8(40 + 200*in.Weights[i]/maxW)
					return draw.GlyphStyle{Color: color.NRGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: a}, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
				}
				p.Add(s)
			}
			cells[r*k+c] = p
		}
	}
	title := in.Title
	for i, l := range in.Labels {
		if l != "" {
			title += "\n" + shortPath(in.Params[i]) + ": " + l
		}
	}
	return renderGrid(format, title, k, width/vg.Length(k), cells)
}

// FitInput is the error of each target milestone's median, before and after
// a calibration, in days.
type FitInput struct {
	Title         string
	Milestones    []string
	Before, After []float64 // NaN when the median is not reached
}

// Fit draws each milestone's median error before and after calibration.
func Fit(in *FitInput, format string) ([]byte, error) {
	p := styled(plot.New())
	p.Title.Text = in.Title
	p.Title.TextStyle.Font.Size = labelSize
	p.X.Label.Text = "median minus target (days); 0 is a perfect fit"
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	p.Legend.TextStyle.Font.Size = legendSize
	n := len(in.Milestones)
	var ticks []plot.Tick
	for i, m := range in.Milestones {
		ticks = append(ticks, plot.Tick{Value: float64(n - 1 - i), Label: m})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -0.7, float64(n)-0.3
	// Room on both sides, so that no marker sits on the frame.
	lo, hi := 0.0, 0.0
	for _, v := range append(slices.Clone(in.Before), in.After...) {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	pad := float64(0.06 * (hi - lo))
	p.X.Min, p.X.Max = lo-pad, hi+pad
	// Before a little above its milestone's line, after a little below:
	// where the calibration changed nothing, both still show.
	add := func(vals []float64, label string, shape draw.GlyphDrawer, c interface{ RGBA() (r, g, b, a uint32) }, shift float64) error {
		var xys plotter.XYs
		for i, v := range vals {
			if !math.IsNaN(v) {
				xys = append(xys, plotter.XY{X: v, Y: float64(n-1-i) + shift})
			}
		}
		if len(xys) == 0 {
			return nil
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(6), Shape: shape}
		p.Add(s)
		p.Legend.Add(label, s)
		return nil
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.7}, {X: 0, Y: float64(n) - 0.3}})
	if err != nil {
		return nil, err
	}
	zero.LineStyle = lineStyle(historyInk, 1.5, vg.Points(6), vg.Points(3))
	p.Add(plotter.NewGrid(), zero)
	if err := add(in.Before, "before", draw.BoxGlyph{}, eventInk, 0.17); err != nil {
		return nil, err
	}
	if err := add(in.After, "after", draw.CircleGlyph{}, simulateInk, -0.17); err != nil {
		return nil, err
	}
	p.Legend.Top = true
	return render(format, height, p)
}

// weightAxis shows a weighted histogram in percent of the weight, on an
// axis from 0 to four nice steps (at least 1%): every tick then sits at an
// exact fraction of the axis, so its label is drawn at the same pixel on
// every machine (with the axis fitted to the data, a tick's position was
// rounded differently where gonum/plot's arithmetic fuses a multiply-add,
// and its label's glyphs moved by part of a pixel on arm64).
func weightAxis(p *plot.Plot, h *plotter.Histogram) {
	top := 0.0
	for i := range h.Bins {
		h.Bins[i].Weight *= 100
		top = max(top, h.Bins[i].Weight)
	}
	step, _ := niceStep(top / 4)
	step = max(1, step)
	p.Y.Min, p.Y.Max = 0, 4*step
}

// twoLines breaks a short path for a small panel's axis: at its first
// space (the actor), or else at its last dot.
func twoLines(name string) string {
	if strings.Contains(name, " ") {
		return strings.Replace(name, " ", "\n", 1)
	}
	if i := strings.LastIndex(name, "."); i > 0 {
		return name[:i] + "\n" + name[i+1:]
	}
	return name
}
