package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// SensitivityInput is a ranked list of parameters and their index.
type SensitivityInput struct {
	Title  string
	Label  string // the index drawn: total, mu_star...
	Params []string
	Value  []float64
	Lo, Hi []float64
}

// errBars implements plotter.XYer and plotter.YErrorer for the bars.
type errBars struct{ in *SensitivityInput }

func (e errBars) Len() int                    { return len(e.in.Value) }
func (e errBars) XY(i int) (float64, float64) { return float64(i), e.in.Value[i] }
func (e errBars) YError(i int) (float64, float64) {
	return e.in.Value[i] - e.in.Lo[i], e.in.Hi[i] - e.in.Value[i]
}

// Sensitivity draws the ranked bar chart of an index with its intervals.
func Sensitivity(in *SensitivityInput, format string) ([]byte, error) {
	p := styled(plot.New())
	p.Title.Text = in.Title
	p.Title.TextStyle.Font.Size = labelSize
	p.Y.Label.Text = in.Label + " (bootstrap 95% interval)"
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	bars, err := plotter.NewBarChart(plotter.Values(in.Value), vg.Points(36))
	if err != nil {
		return nil, fmt.Errorf("sensitivity bars: %w", err)
	}
	bars.Color = bandInk
	bars.LineStyle = lineStyle(simulateInk, 1)
	eb, err := plotter.NewYErrorBars(errBars{in})
	if err != nil {
		return nil, err
	}
	eb.LineStyle = lineStyle(historyInk, 1.5)
	p.Add(plotter.NewGrid(), bars, eb)
	var ticks []plot.Tick
	for i, name := range in.Params {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: name})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Label.Rotation = 0.35
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = -1, -0.5
	return render(format, height, p)
}
