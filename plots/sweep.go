package plots

import (
	"fmt"
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// SweepPoint is one grid point's summary, as points.csv holds it.
type SweepPoint struct {
	Values           []string // parameter values
	GAShare          float64  // share with a General Agreement by 31 Dec 1997
	GALo, GAHi       float64  // its 95% Wilson interval
	Median, Q10, Q90 float64  // General Agreement date (Unix seconds; NaN if censored)
}

// SweepInput is what the sweep figures are drawn from.
type SweepInput struct {
	Scenario string
	Seeds    int
	Params   []string
	Numeric  []bool
	Points   []SweepPoint
}

// Sweep draws the outcome against the varied parameter (one axis) or a heat
// map of the share of runs with a General Agreement by the end of 1997 (two
// axes). Sweeps of more axes have no figure.
func Sweep(in *SweepInput, format string) ([]byte, error) {
	switch len(in.Params) {
	case 1:
		return sweepLine(in, format)
	case 2:
		return sweepHeat(in, format)
	}
	return nil, nil
}

func (in *SweepInput) x(i, axis int) float64 {
	if in.Numeric[axis] {
		v, err := strconv.ParseFloat(in.Points[i].Values[axis], 64)
		if err == nil {
			return v
		}
	}
	return float64(i)
}

func sweepLine(in *SweepInput, format string) ([]byte, error) {
	p := styled(plot.New())
	p.Title.Text = fmt.Sprintf("Sweep of %s: %s (%d runs per point)\nShare of runs with a General Agreement by 31 Dec 1997", in.Params[0], in.Scenario, in.Seeds)
	p.Title.TextStyle.Font.Size = titleSize
	p.X.Label.Text = in.Params[0]
	p.Y.Label.Text = "share of runs"
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	p.Legend.TextStyle.Font.Size = legendSize
	p.Y.Min, p.Y.Max = 0, 1.02
	xs := make([]float64, len(in.Points))
	lo, hi := make([]float64, len(in.Points)), make([]float64, len(in.Points))
	mid := make(plotter.XYs, len(in.Points))
	var ticks []plot.Tick
	for i, pt := range in.Points {
		xs[i] = in.x(i, 0)
		lo[i], hi[i] = pt.GALo, pt.GAHi
		mid[i] = plotter.XY{X: xs[i], Y: pt.GAShare}
		ticks = append(ticks, plot.Tick{Value: xs[i], Label: pt.Values[0]})
	}
	if !in.Numeric[0] {
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
	}
	band, err := bandPolygon(xs, lo, hi, bandInk)
	if err != nil {
		return nil, err
	}
	l, s, err := plotter.NewLinePoints(mid)
	if err != nil {
		return nil, err
	}
	l.LineStyle = lineStyle(simulateInk, 3)
	s.Color = simulateInk
	p.Add(plotter.NewGrid(), band, l, s)
	p.Legend.Add("simulated", l, s)
	p.Legend.Add("95% interval (Wilson)", band)
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.YOffs = vg.Points(20)
	return render(format, height, p)
}

// heatGrid adapts the points of a two-axis sweep to plotter.GridXYZ.
type heatGrid struct {
	in   *SweepInput
	cols int
	rows int
}

func (g heatGrid) Dims() (int, int)   { return g.cols, g.rows }
func (g heatGrid) Z(c, r int) float64 { return g.in.Points[c*g.rows+r].GAShare }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }

func sweepHeat(in *SweepInput, format string) ([]byte, error) {
	rows := 0
	for rows < len(in.Points) && in.Points[rows].Values[0] == in.Points[0].Values[0] {
		rows++
	}
	if rows == 0 || len(in.Points)%rows != 0 {
		return nil, fmt.Errorf("the sweep's points do not form a grid")
	}
	g := heatGrid{in: in, cols: len(in.Points) / rows, rows: rows}
	pal := moreland.SmoothBlueRed().Palette(64)
	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = 0, 1
	p := styled(plot.New())
	p.Title.Text = fmt.Sprintf("Sweep: %s (%d runs per point)\nShare of runs with a General Agreement by 31 Dec 1997", in.Scenario, in.Seeds)
	p.Title.TextStyle.Font.Size = titleSize
	p.X.Label.Text, p.Y.Label.Text = in.Params[0], in.Params[1]
	var xt, yt []plot.Tick
	for c := 0; c < g.cols; c++ {
		xt = append(xt, plot.Tick{Value: float64(c), Label: in.Points[c*rows].Values[0]})
	}
	for r := 0; r < rows; r++ {
		yt = append(yt, plot.Tick{Value: float64(r), Label: in.Points[r].Values[1]})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	p.Add(h)
	// Label each cell with its share, in a colour that reads on the cell.
	var labels plotter.XYLabels
	for c := 0; c < g.cols; c++ {
		for r := 0; r < rows; r++ {
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(c), Y: float64(r)})
			labels.Labels = append(labels.Labels, fmt.Sprintf("%.0f%%", 100*g.Z(c, r)))
		}
	}
	lb, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = tickSize
		lb.TextStyle[i].Font.Variant = "Sans"
		lb.TextStyle[i].Color = color.Black
		lb.TextStyle[i].XAlign, lb.TextStyle[i].YAlign = -0.5, -0.5
	}
	p.Add(lb)
	return render(format, height, p)
}
