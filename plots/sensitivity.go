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
	// Labels are the parameters in plain words (empty: the path alone).
	Labels []string
	Value  []float64
	Lo, Hi []float64
}

// errBars implements plotter.XYer and plotter.XErrorer for the bars, the
// most influential parameter at the top.
type errBars struct{ in *SensitivityInput }

func (e errBars) Len() int { return len(e.in.Value) }

func (e errBars) XY(i int) (float64, float64) {
	return e.in.Value[i], float64(len(e.in.Value) - 1 - i)
}

func (e errBars) XError(i int) (float64, float64) {
	return e.in.Value[i] - e.in.Lo[i], e.in.Hi[i] - e.in.Value[i]
}

// Sensitivity draws the ranked bar chart of an index with its intervals.
func Sensitivity(in *SensitivityInput, format string) ([]byte, error) {
	p := styled(plot.New())
	p.Title.Text = in.Title
	p.Title.TextStyle.Font.Size = labelSize
	p.X.Label.Text = in.Label + " (bootstrap 95% interval)"
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	n := len(in.Value)
	reversed := make(plotter.Values, n)
	for i, v := range in.Value {
		reversed[n-1-i] = v
	}
	bars, err := plotter.NewBarChart(reversed, vg.Points(28))
	if err != nil {
		return nil, fmt.Errorf("sensitivity bars: %w", err)
	}
	bars.Horizontal = true
	bars.Color = bandInk
	bars.LineStyle = lineStyle(simulateInk, 1)
	eb, err := plotter.NewXErrorBars(errBars{in})
	if err != nil {
		return nil, err
	}
	eb.LineStyle = lineStyle(historyInk, 1.5)
	p.Add(plotter.NewGrid(), bars, eb)
	var ticks []plot.Tick
	for i, name := range in.Params {
		if i < len(in.Labels) && in.Labels[i] != "" {
			name = in.Labels[i] + "\n" + name
		}
		ticks = append(ticks, plot.Tick{Value: float64(n - 1 - i), Label: name})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	// Room to the right of the longest interval, so that its end shows.
	top := 0.0
	for i := range in.Value {
		top = max(top, in.Value[i], in.Hi[i])
	}
	if top > 0 {
		p.X.Min, p.X.Max = 0, float64(1.06*top)
	}
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	return render(format, height, p)
}
