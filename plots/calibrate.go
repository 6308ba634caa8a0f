package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PosteriorInput is a calibration's accepted draws, parameter by parameter.
type PosteriorInput struct {
	Title    string
	Params   []string
	Min, Max []float64
	Accepted [][]float64 // Accepted[i] are the accepted values of parameter i
	Mean     []float64
}

// Posterior draws each parameter's marginal posterior as a histogram over
// its prior range, with the posterior mean marked.
func Posterior(in *PosteriorInput, format string) ([]byte, error) {
	var rows []*plot.Plot
	for i, name := range in.Params {
		p := styled(plot.New())
		p.Title.Text = name
		if i == 0 {
			p.Title.Text = in.Title + "\n" + name
		}
		p.Title.TextStyle.Font.Size = labelSize
		p.Y.Label.Text = "draws kept"
		for _, ax := range []*plot.Axis{&p.X, &p.Y} {
			ax.Label.TextStyle.Font.Size = labelSize
			ax.Tick.Label.Font.Size = tickSize
		}
		p.X.Min, p.X.Max = in.Min[i], in.Max[i]
		h, err := newHist(in.Accepted[i], 20)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		h.FillColor = bandInk
		h.LineStyle = lineStyle(simulateInk, 1)
		v := &vlines{at: []float64{in.Mean[i]}, labels: []string{fmt.Sprintf("mean %.3g", in.Mean[i])},
			style: lineStyle(historyInk, 2, vg.Points(8), vg.Points(4)), font: tickFont()}
		p.Add(plotter.NewGrid(), h, v)
		rows = append(rows, p)
	}
	return render(format, vg.Length(260*len(rows))*vg.Inch/dpi, rows...)
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
	add := func(vals []float64, label string, shape draw.GlyphDrawer, c interface{ RGBA() (r, g, b, a uint32) }) error {
		var xys plotter.XYs
		for i, v := range vals {
			if !math.IsNaN(v) {
				xys = append(xys, plotter.XY{X: v, Y: float64(n - 1 - i)})
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
	if err := add(in.Before, "before", draw.BoxGlyph{}, eventInk); err != nil {
		return nil, err
	}
	if err := add(in.After, "after", draw.CircleGlyph{}, simulateInk); err != nil {
		return nil, err
	}
	p.Legend.Top = true
	return render(format, height, p)
}
