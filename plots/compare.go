package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// armColour gives the k-th scenario of a comparison its colour: the first
// (the reference) in the simulation blue, the others from the palette but
// its grey, which in small multiples is the reference's.
func armColour(k int) color.NRGBA {
	if k == 0 {
		return simulateInk
	}
	var others []color.NRGBA
	for i, c := range palette {
		if i >= 2 && c != (color.NRGBA{0x7f, 0x7f, 0x7f, 0xff}) {
			others = append(others, c)
		}
	}
	return others[(k-1)%len(others)]
}

func translucent(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

// armNames names the scenarios in a title: all of them when there are two,
// otherwise how many against the reference (the legend names them).
func armNames(arms []*Input) string {
	if len(arms) > 2 {
		return fmt.Sprintf("%d scenarios against %s", len(arms)-1, arms[0].Scenario)
	}
	var names []string
	for _, a := range arms {
		names = append(names, a.Scenario)
	}
	return strings.Join(names, " vs ")
}

// CompareProgress draws the progress of the talks of several ensembles:
// each scenario's median with its 50% band, against the historical line.
// Up to three scenarios share one plot; more would tangle, so then each
// counterfactual gets a panel of its own beside the reference, in grey
// (small multiples).
func CompareProgress(arms []*Input, format string) ([]byte, error) {
	if len(arms) == 0 {
		return nil, fmt.Errorf("nothing to compare")
	}
	ref := arms[0]
	lo, hi := spanOf(ref)
	idx := agendaIndex(ref)
	if dated := datedOf(ref, idx); len(dated) > 0 {
		idx = dated
	}
	grid := weeklyGrid(lo, hi)
	frame := func(title string) *plot.Plot {
		p := newPlot(title)
		p.X.Min, p.X.Max = lo, hi
		p.Y.Min, p.Y.Max = 0, 1.02
		p.Y.Label.Text = fmt.Sprintf("Share of the %d dated texts signed", len(idx))
		return p
	}
	addHistory := func(p *plot.Plot) error {
		hl, err := historicalLine(ref, idx, lo, hi)
		if err != nil {
			return err
		}
		p.Add(hl)
		p.Legend.Add("historical", hl)
		return nil
	}
	if len(arms) <= 3 {
		p := frame(fmt.Sprintf("Progress of the talks: %s (%s)", armNames(arms), seedsEachText(ref)))
		for k, a := range arms {
			if err := addProgress(p, ref, a, idx, grid, armColour(k), a.Scenario+": median and 50% of runs"); err != nil {
				return nil, err
			}
		}
		if err := addHistory(p); err != nil {
			return nil, err
		}
		return render(format, height, p)
	}
	var cells []*plot.Plot
	for k, a := range arms[1:] {
		p := frame(a.Scenario)
		p.X.Label.Text = ""
		// Bottom right is empty once the talks have begun: the lines start
		// at 0 on the left and end at 1 on the right.
		p.Legend.Top, p.Legend.Left = false, false
		p.Legend.YOffs = vg.Points(8)
		if err := addProgress(p, ref, ref, idx, grid, referenceInk, ref.Scenario+" (reference)"); err != nil {
			return nil, err
		}
		if err := addProgress(p, ref, a, idx, grid, armColour(k+1), a.Scenario); err != nil {
			return nil, err
		}
		if err := addHistory(p); err != nil {
			return nil, err
		}
		cells = append(cells, p)
	}
	title := fmt.Sprintf("Progress of the talks: %s (%s): median and 50%% of runs", armNames(arms), seedsEachText(ref))
	rows := (len(cells) + 1) / 2
	return renderGrid(format, title, 2, min(height, vg.Length(1500)*vg.Inch/dpi/vg.Length(rows)), cells)
}

// referenceInk draws the reference scenario in the small multiples, behind
// the counterfactual.
var referenceInk = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}

// addProgress adds arm a's median line and 50% band on the texts idx of
// the reference ref (found by id: arms may order or extend their agendas
// differently).
func addProgress(p *plot.Plot, ref, a *Input, idx []int, grid []float64, c color.NRGBA, label string) error {
	var own []int
	for _, i := range idx {
		if j := slices.IndexFunc(a.Milestones, func(m Milestone) bool { return m.ID == ref.Milestones[i].ID }); j >= 0 {
			own = append(own, j)
		}
	}
	xs, q := progressBands(a, own, grid)
	lower, upper, mid := make([]float64, len(q)), make([]float64, len(q)), make(plotter.XYs, len(q))
	for i := range q {
		lower[i], upper[i] = q[i][1], q[i][3]
		mid[i] = plotter.XY{X: xs[i], Y: q[i][2]}
	}
	band, err := bandPolygon(xs, lower, upper, translucent(c, 0x38))
	if err != nil {
		return err
	}
	l, err := plotter.NewLine(mid)
	if err != nil {
		return err
	}
	l.LineStyle = lineStyle(c, 3)
	p.Add(band, l)
	p.Legend.Add(label, l)
	return nil
}

// CompareOutcomes overlays the time-to-agreement curves of several
// ensembles and sets their agreed UTO shares side by side as box plots.
func CompareOutcomes(arms []*Input, format string) ([]byte, error) {
	if len(arms) == 0 {
		return nil, fmt.Errorf("nothing to compare")
	}
	ref := arms[0]
	ga := slices.IndexFunc(ref.Milestones, func(m Milestone) bool { return m.ID == "general_agreement" })
	if ga < 0 {
		return nil, fmt.Errorf("no general_agreement milestone")
	}
	lo, hi := spanOf(ref)
	p := newPlot(fmt.Sprintf("Outcomes: %s (%s)\nShare of runs with a General Agreement signed by each date", armNames(arms), seedsEachText(ref)))
	p.Y.Label.Text = "share of runs"
	p.Y.Min, p.Y.Max = 0, 1.02
	p.X.Min, p.X.Max = lo, hi
	lo = outcomeStart(lo, hi, arms...)
	p.X.Min = lo
	grid := weeklyGrid(lo, hi)
	for k, a := range arms {
		aga := slices.IndexFunc(a.Milestones, func(m Milestone) bool { return m.ID == "general_agreement" })
		if aga < 0 {
			return nil, fmt.Errorf("%s has no general_agreement milestone", a.Scenario)
		}
		var signed []float64
		for _, d := range a.RunDates {
			if !d[aga].IsZero() {
				signed = append(signed, unix(d[aga]))
			}
		}
		sort.Float64s(signed)
		n := float64(len(a.RunDates))
		curve := make(plotter.XYs, len(grid))
		for i, x := range grid {
			curve[i] = plotter.XY{X: x, Y: float64(sort.SearchFloat64s(signed, x+1)) / n}
		}
		l, err := plotter.NewLine(curve)
		if err != nil {
			return nil, err
		}
		l.LineStyle = lineStyle(armColour(k), 3)
		p.Add(l)
		p.Legend.Add(a.Scenario, l)
	}
	if h := ref.Milestones[ga].Historical; !h.IsZero() {
		v := &vlines{at: []float64{unix(h)}, labels: []string{"historical " + h.Format("2 Jan 2006")},
			style: lineStyle(historyInk, 2, vg.Points(8), vg.Points(4)), font: tickFont()}
		p.Add(v)
	}

	q := styled(plot.New())
	q.Title.Text = "Agreed UTO share of government posts, over the runs that agreed it"
	q.Title.TextStyle.Font.Size = labelSize
	q.Y.Label.Text = "UTO share of government posts"
	for _, ax := range []*plot.Axis{&q.X, &q.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	var names []plot.Tick
	for k, a := range arms {
		var vals plotter.Values
		for _, s := range a.UTOShare {
			if !math.IsNaN(s) {
				vals = append(vals, s)
			}
		}
		names = append(names, plot.Tick{Value: float64(k), Label: fmt.Sprintf("%s\n(%d runs)", a.Scenario, len(vals))})
		if len(vals) == 0 {
			continue
		}
		b, err := plotter.NewBoxPlot(vg.Points(40), float64(k), vals)
		if err != nil {
			return nil, err
		}
		b.FillColor = translucent(armColour(k), 0x50)
		q.Add(b)
	}
	q.X.Tick.Marker = plot.ConstantTicks(names)
	q.X.Min, q.X.Max = -0.6, float64(len(arms))-0.4
	// Room above and below the outermost runs, so that no whisker or
	// outlier sits on the frame.
	bottom, top := ref.HistoricalUTOShare, ref.HistoricalUTOShare
	for _, a := range arms {
		for _, s := range a.UTOShare {
			if !math.IsNaN(s) {
				bottom, top = min(bottom, s), max(top, s)
			}
		}
	}
	if top > bottom {
		pad := float64(0.06 * (top - bottom))
		q.Y.Min, q.Y.Max = bottom-pad, top+pad
	}
	if ref.HistoricalUTOShare > 0 {
		h, err := plotter.NewLine(plotter.XYs{{X: -0.6, Y: ref.HistoricalUTOShare}, {X: float64(len(arms)) - 0.4, Y: ref.HistoricalUTOShare}})
		if err != nil {
			return nil, err
		}
		h.LineStyle = lineStyle(historyInk, 2, vg.Points(8), vg.Points(4))
		q.Add(h)
		q.Legend.TextStyle.Font.Size = legendSize
		q.Legend.TextStyle.Font.Variant = "Sans"
		q.Legend.Add(fmt.Sprintf("historical %.0f%%", 100*ref.HistoricalUTOShare), h)
		q.Legend.Top, q.Legend.Left = true, true
	}
	q.Add(plotter.NewGrid())
	return render(format, height*1.6, p, q)
}
