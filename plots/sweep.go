package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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
	// Labels are the varied parameters in plain words (the parameter
	// table's meaning; empty: the path stands for itself).
	Labels  []string
	Numeric []bool
	// Own is each varied parameter's value in the scenario itself (NaN if
	// it has none, or it is not a number): marked on the figure, so that a
	// reader sees where the scenario sits on the curve.
	Own    []float64
	Points []SweepPoint
	// HistoricalGA is the General Agreement's historical date (Unix
	// seconds; 0: none), drawn beside the simulated dates.
	HistoricalGA float64
}

// label is axis i in plain words, or its path.
func (in *SweepInput) label(i int) string {
	if i < len(in.Labels) && in.Labels[i] != "" {
		return in.Labels[i]
	}
	return in.Params[i]
}

// own is the scenario's value of axis i, NaN if unknown.
func (in *SweepInput) own(i int) float64 {
	if i < len(in.Own) {
		return in.Own[i]
	}
	return math.NaN()
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
	p.Title.Text = fmt.Sprintf("Share of runs with a General Agreement by 31 Dec 1997\n%s swept in %s, %d runs a point", in.Params[0], in.Scenario, in.Seeds)
	p.Title.TextStyle.Font.Size = titleSize
	p.X.Label.Text = in.label(0)
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
	if v := in.own(0); in.Numeric[0] && !math.IsNaN(v) {
		mark, err := plotter.NewLine(plotter.XYs{{X: v, Y: 0}, {X: v, Y: 1.02}})
		if err != nil {
			return nil, err
		}
		mark.LineStyle = lineStyle(historyInk, 2, vg.Points(8), vg.Points(5))
		p.Add(mark)
		p.Legend.Add(fmt.Sprintf("its value in %s (%s)", in.Scenario, strconv.FormatFloat(v, 'g', 4, 64)), mark)
	}
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.YOffs = vg.Points(20)
	padX(p, xs)
	q, err := sweepDates(in, xs, ticks)
	if err != nil {
		return nil, err
	}
	if q == nil {
		return render(format, height, p)
	}
	p.X.Label.Text = ""
	return render(format, height*1.7, p, q)
}

// sweepDates is the panel under a one-axis sweep: the median date of the
// General Agreement at each point, with the 10-90% of its runs, beside
// history's date. Nil when no point has a median date.
func sweepDates(in *SweepInput, xs []float64, ticks []plot.Tick) (*plot.Plot, error) {
	q := styled(plot.New())
	q.Title.Text = "Date of the General Agreement (median and 10-90% of runs; beyond the span: not reached)"
	q.Title.TextStyle.Font.Size = labelSize
	q.X.Label.Text = in.label(0)
	for _, ax := range []*plot.Axis{&q.X, &q.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	q.Legend.TextStyle.Font.Size = legendSize
	q.Y.Tick.Marker = yearTicks{}
	if !in.Numeric[0] {
		q.X.Tick.Marker = plot.ConstantTicks(ticks)
	}
	q.Add(plotter.NewGrid())
	var med, lo, hi plotter.XYs
	for i, pt := range in.Points {
		if !math.IsNaN(pt.Median) {
			med = append(med, plotter.XY{X: xs[i], Y: pt.Median})
		}
		if !math.IsNaN(pt.Q10) {
			lo = append(lo, plotter.XY{X: xs[i], Y: pt.Q10})
		}
		if !math.IsNaN(pt.Q90) {
			hi = append(hi, plotter.XY{X: xs[i], Y: pt.Q90})
		}
	}
	if len(med) == 0 {
		return nil, nil
	}
	for _, s := range []struct {
		pts   plotter.XYs
		label string
		width float64
	}{{med, "median", 3}, {lo, "10% and 90% of runs", 1.5}, {hi, "", 1.5}} {
		if len(s.pts) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(s.pts)
		if err != nil {
			return nil, err
		}
		l.LineStyle = lineStyle(simulateInk, s.width)
		if s.width < 3 {
			l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		pts.Color = simulateInk
		q.Add(l, pts)
		if s.label != "" {
			q.Legend.Add(s.label, l, pts)
		}
	}
	if in.HistoricalGA != 0 {
		h, err := plotter.NewLine(plotter.XYs{{X: xs[0], Y: in.HistoricalGA}, {X: xs[len(xs)-1], Y: in.HistoricalGA}})
		if err != nil {
			return nil, err
		}
		h.LineStyle = lineStyle(historyInk, 2, vg.Points(8), vg.Points(4))
		q.Add(h)
		q.Legend.Add("history: "+time.Unix(int64(in.HistoricalGA), 0).UTC().Format("2 Jan 2006"), h)
	}
	// The dates the panel shows, history's included.
	top, bottom := math.Inf(-1), math.Inf(1)
	for _, pts := range []plotter.XYs{med, lo, hi} {
		for _, pt := range pts {
			top, bottom = max(top, pt.Y), min(bottom, pt.Y)
		}
	}
	if in.HistoricalGA != 0 {
		top, bottom = max(top, in.HistoricalGA), min(bottom, in.HistoricalGA)
	}
	if v := in.own(0); in.Numeric[0] && !math.IsNaN(v) {
		// The scenario's own value, as in the panel above (no legend: it
		// has one there).
		mark, err := plotter.NewLine(plotter.XYs{{X: v, Y: bottom}, {X: v, Y: top}})
		if err != nil {
			return nil, err
		}
		mark.LineStyle = lineStyle(historyInk, 2, vg.Points(8), vg.Points(5))
		q.Add(mark)
	}
	q.Legend.Top, q.Legend.Left = true, false
	// The legend above the lines, not over them.
	roomForLegend(q, bottom, max(top, bottom+86400), 3)
	padX(q, xs)
	return q, nil
}

// padX leaves room at both ends of the x axis, so that the first and last
// points are not cut by the frame.
func padX(p *plot.Plot, xs []float64) {
	if len(xs) < 2 {
		return
	}
	lo, hi := slices.Min(xs), slices.Max(xs)
	pad := float64(0.03 * (hi - lo))
	p.X.Min, p.X.Max = lo-pad, hi+pad
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
	p.Title.Text = fmt.Sprintf("Share of runs with a General Agreement by 31 Dec 1997\n%s (x) and %s (y) swept in %s, %d runs a point", in.Params[0], in.Params[1], in.Scenario, in.Seeds)
	p.Title.TextStyle.Font.Size = titleSize
	p.X.Label.Text, p.Y.Label.Text = in.label(0), in.label(1)
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
	// The colour scale: swatches of the palette in a column of its own to
	// the right of the cells, so that it covers none of them.
	p.X.Min, p.X.Max = -0.5, float64(g.cols)-0.5+0.9
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.Add("share of runs")
	for _, z := range []float64{1, 0.75, 0.5, 0.25, 0} {
		p.Legend.Add(fmt.Sprintf("%.0f%%", 100*z), swatch{pal.Colors()[int(z*float64(len(pal.Colors())-1))]})
	}
	p.Legend.TextStyle.Font.Size = legendSize
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
		if z := g.Z(i/rows, i%rows); z > 0.8 || z < 0.12 {
			lb.TextStyle[i].Color = color.White // on the palette's dark ends
		}
		lb.TextStyle[i].XAlign, lb.TextStyle[i].YAlign = -0.5, -0.5
	}
	p.Add(lb)
	return render(format, height, p)
}

// swatch is a legend entry filled with one colour of a palette.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(s.c, c.ClipPolygonXY(pts))
}
