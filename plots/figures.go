package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tajikpeace/tajikpeace/internal/interval"
	"github.com/tajikpeace/tajikpeace/results/dataset"
)

// All draws every figure that applies to the input (the outcome
// distribution only for ensembles), in order.
func All(in *Input, format string) ([]Figure, error) {
	type fig struct {
		name string
		draw func(*Input, string) ([]byte, error)
	}
	figs := []fig{{"timeline", Timeline}, {"progress", Progress}, {"forces", Forces}}
	if in.Runs > 1 {
		figs = append(figs, fig{"outcomes", Outcomes})
	}
	var out []Figure
	for _, f := range figs {
		b, err := f.draw(in, format)
		if err != nil {
			return nil, fmt.Errorf("%s figure: %w", f.name, err)
		}
		out = append(out, Figure{Name: f.name, Bytes: b})
	}
	return out, nil
}

// span is the time range of the figures: the whole simulated period.
func spanOf(in *Input) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(t time.Time) {
		if !t.IsZero() {
			lo, hi = math.Min(lo, unix(t)), math.Max(hi, unix(t))
		}
	}
	for _, series := range in.Trace {
		for _, s := range series {
			if len(s) > 0 {
				see(s[0].Date)
				see(s[len(s)-1].Date)
			}
		}
	}
	for _, m := range in.Milestones {
		see(m.Historical)
	}
	for _, m := range in.Meetings {
		see(m.Start)
	}
	if math.IsInf(lo, 1) {
		return 0, 1
	}
	return lo, hi
}

func meetingSpans(in *Input, labelled bool) *spans {
	s := &spans{fill: meetingInk, font: tickFont()}
	for _, m := range in.Meetings {
		s.from = append(s.from, unix(m.Start))
		s.to = append(s.to, unix(m.End.Add(24*time.Hour)))
		label := ""
		if labelled {
			label = m.Venue
		}
		s.labels = append(s.labels, label)
	}
	return s
}

func eventLines(in *Input) *eventMarks {
	v := &eventMarks{style: lineStyle(eventInk, 1.5, vg.Points(6), vg.Points(3)), font: tickFont()}
	for _, e := range in.Events {
		v.at = append(v.at, unix(e.Date))
	}
	return v
}

// eventKey is the caption under a progress figure: each event's number (as
// eventLines marks it), month and label.
func eventKey(in *Input) []string {
	var key []string
	for i, e := range in.Events {
		key = append(key, fmt.Sprintf("%d  %s  %s", i+1, e.Date.Format("Jan 2006"), e.Label))
	}
	return key
}

func tickFont() font.Font {
	f := styled(plot.New()).X.Tick.Label.Font
	f.Size = tickSize
	return f
}

// Timeline draws one row per milestone: the historical date and the
// simulated date (for an ensemble, the median with its 10-90% range).
func Timeline(in *Input, format string) ([]byte, error) {
	p := newPlot(fmt.Sprintf("Agreements, simulated and historical: %s (%s)", in.Scenario, seedsText(in)))
	n := len(in.Milestones)
	var hist, med plotter.XYs
	iv := &intervals{style: lineStyle(simulateInk, 3)}
	var names []plot.Tick
	for i, m := range in.Milestones {
		y := float64(n - 1 - i)
		names = append(names, plot.Tick{Value: y, Label: m.Name})
		if !m.Historical.IsZero() {
			hist = append(hist, plotter.XY{X: unix(m.Historical), Y: y})
		}
		if !m.Median.IsZero() {
			med = append(med, plotter.XY{X: unix(m.Median), Y: y})
		}
		lo, hi := math.NaN(), math.NaN()
		if !m.Q10.IsZero() {
			lo = unix(m.Q10)
			hi = unix(lastDate(in))
			if !m.Q90.IsZero() {
				hi = unix(m.Q90)
			}
		}
		iv.y, iv.lo, iv.hi = append(iv.y, y), append(iv.lo, lo), append(iv.hi, hi)
	}
	p.Y.Tick.Marker = plot.ConstantTicks(names)
	p.Y.Label.Text = ""
	p.Y.Min, p.Y.Max = -0.7, float64(n)-0.3
	lo, hi := spanOf(in)
	p.X.Min, p.X.Max = lo, hi
	p.Add(meetingSpans(in, false))
	if in.Runs > 1 {
		p.Add(iv)
		p.Legend.Add("10-90% of runs", &legendLine{lineStyle(simulateInk, 3)})
	}
	if len(med) > 0 {
		s, err := plotter.NewScatter(med)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: simulateInk, Radius: vg.Points(6), Shape: draw.CircleGlyph{}}
		p.Add(s)
		p.Legend.Add(cond(in.Runs > 1, "simulated median", "simulated"), s)
	}
	if len(hist) > 0 {
		s, err := plotter.NewScatter(hist)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: historyInk, Radius: vg.Points(6), Shape: draw.PyramidGlyph{}}
		p.Add(s)
		p.Legend.Add("historical", s)
	}
	if len(in.Meetings) > 0 {
		p.Legend.Add("rounds of talks", &legendBox{meetingInk})
	}
	p.Legend.Top, p.Legend.Left = true, false
	return render(format, height, p)
}

func lastDate(in *Input) time.Time {
	_, hi := spanOf(in)
	return time.Unix(int64(hi), 0).UTC()
}

// Progress draws the share of the General Agreement's texts signed over time:
// the simulated path (ensemble median with 50% and 90% bands) against the
// historical step line, with the rounds of talks shaded and the main events
// marked.
func Progress(in *Input, format string) ([]byte, error) {
	p := newPlot(fmt.Sprintf("Progress of the talks: %s (%s)", in.Scenario, seedsText(in)))
	p.Y.Label.Text = "Share of the General Agreement's texts signed"
	p.Y.Min, p.Y.Max = -bandBelow, 1.02
	if len(in.Meetings) == 0 {
		// No rounds to name (the endogenous calendar's meetings are the
		// run's own): the band holds only the row of event numbers.
		p.Y.Min = -numbersBand
	}
	p.Y.Tick.Marker = unitTicks{}
	lo, hi := spanOf(in)
	p.X.Min, p.X.Max = lo, hi
	p.Add(meetingSpans(in, true))
	p.Add(eventLines(in))

	// Both lines count the same texts: those history dates (an undated text
	// would leave the historical line short of 1 for a reason of record,
	// not of history).
	idx := agendaIndex(in)
	if dated := datedOf(in, idx); len(dated) > 0 {
		idx = dated
	}
	if left := len(agendaIndex(in)) - len(idx); left > 0 {
		p.Y.Label.Text = fmt.Sprintf("Share of the %d dated texts signed", len(idx))
	}
	grid := weeklyGrid(lo, hi)
	xs, q := progressBands(in, idx, grid)
	col := func(k int) []float64 {
		out := make([]float64, len(q))
		for i := range q {
			out[i] = q[i][k]
		}
		return out
	}
	if len(in.RunDates) > 1 {
		b90, err := bandPolygon(xs, col(0), col(4), band90Ink)
		if err != nil {
			return nil, err
		}
		b50, err := bandPolygon(xs, col(1), col(3), bandInk)
		if err != nil {
			return nil, err
		}
		p.Add(b90, b50)
		p.Legend.Add("90% of runs", b90)
		p.Legend.Add("50% of runs", b50)
	}
	med := make(plotter.XYs, len(xs))
	for i := range xs {
		med[i] = plotter.XY{X: xs[i], Y: q[i][2]}
	}
	l, err := plotter.NewLine(med)
	if err != nil {
		return nil, err
	}
	l.LineStyle = lineStyle(simulateInk, 3)
	p.Add(l)
	p.Legend.Add(cond(len(in.RunDates) > 1, "simulated median", "simulated"), l)

	hl, err := historicalLine(in, idx, lo, hi)
	if err != nil {
		return nil, err
	}
	p.Add(hl)
	p.Legend.Add("historical", hl)
	if len(in.Meetings) > 0 {
		p.Legend.Add("rounds of talks", &legendBox{meetingInk})
	}
	p.Legend.Add("events (numbered below)", &legendLine{lineStyle(eventInk, 1.5, vg.Points(6), vg.Points(3))})
	return renderCaptioned(format, height, p, eventKey(in))
}

// historicalLine is the historical step line from lo to hi: the share of
// the texts idx that history had signed by each date.
func historicalLine(in *Input, idx []int, lo, hi float64) (*plotter.Line, error) {
	var hx []float64
	for _, i := range idx {
		if h := in.Milestones[i].Historical; !h.IsZero() {
			hx = append(hx, unix(h))
		}
	}
	sort.Float64s(hx)
	total := float64(len(idx))
	pts := plotter.XYs{{X: lo, Y: 0}}
	for k, x := range hx {
		pts = append(pts, plotter.XY{X: x, Y: float64(k) / total}, plotter.XY{X: x, Y: float64(k+1) / total})
	}
	pts = append(pts, plotter.XY{X: hi, Y: float64(len(hx)) / total})
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	l.LineStyle = lineStyle(historyInk, 2.5, vg.Points(8), vg.Points(4))
	return l, nil
}

// outcomeStart is where an outcome axis starts: half a year before the first
// General Agreement of any run of the arms or of history, and not before lo.
func outcomeStart(lo, hi float64, arms ...*Input) float64 {
	first := hi
	for k, a := range arms {
		ga := slices.IndexFunc(a.Milestones, func(m Milestone) bool { return m.ID == "general_agreement" })
		if ga < 0 {
			continue
		}
		for _, d := range a.RunDates {
			if !d[ga].IsZero() {
				first = math.Min(first, unix(d[ga]))
			}
		}
		if h := a.Milestones[ga].Historical; k == 0 && !h.IsZero() {
			first = math.Min(first, unix(h))
		}
	}
	return math.Max(lo, first-182*24*3600)
}

// progressBands computes, at each grid date, the 5%, 25%, 50%, 75% and 95%
// quantiles over runs of the share of the texts idx signed by then
// (dataset.ProgressBands, which the classroom page draws too).
func progressBands(in *Input, idx []int, grid []float64) ([]float64, [][5]float64) {
	perRun := make([][]float64, len(in.RunDates))
	for r, dates := range in.RunDates {
		var signed []float64
		for _, i := range idx {
			if !dates[i].IsZero() {
				signed = append(signed, unix(dates[i]))
			}
		}
		sort.Float64s(signed)
		perRun[r] = signed
	}
	return slices.Clone(grid), dataset.ProgressBands(perRun, len(idx), grid)
}

func agendaIndex(in *Input) []int {
	var idx []int
	for i, m := range in.Milestones {
		if slices.Contains(in.Agenda, m.ID) {
			idx = append(idx, i)
		}
	}
	return idx
}

// dated keeps the milestones (by index) that have a historical date.
func datedOf(in *Input, idx []int) []int {
	var out []int
	for _, i := range idx {
		if !in.Milestones[i].Historical.IsZero() {
			out = append(out, i)
		}
	}
	return out
}

func weeklyGrid(lo, hi float64) []float64 {
	var g []float64
	for x := lo; x <= hi; x += 7 * 24 * 3600 {
		g = append(g, x)
	}
	return g
}

// Forces draws small multiples on one time axis from run 0: the military
// balance; fighting and the ceasefire; each party's willingness and the
// ripeness signals behind it; the pressure and support each party receives
// by channel; and each observer's stance.
func Forces(in *Input, format string) ([]byte, error) {
	type series struct {
		actor, variable, label string
		colour                 color.Color
		dashes                 []vg.Length
	}
	dashed := []vg.Length{vg.Points(8), vg.Points(4)}
	dotted := []vg.Length{vg.Points(2), vg.Points(3)}
	gov, uto := colourOf(in, "government"), colourOf(in, "uto")
	panels := []struct {
		title, ylabel string
		lines         []series
	}{
		{"Military balance", "strength / share", []series{
			{"government", "strength", "government strength", gov, nil},
			{"uto", "strength", "UTO strength", uto, nil},
			{"world", "control", "UTO control of contested districts", uto, dashed},
		}},
		{"Fighting and the ceasefire", "level", []series{
			{"world", "intensity", "fighting intensity", eventInk, nil},
			{"world", "tension", "unresolved violations (tension)", color.Gray{0x40}, dashed},
		}},
		{"Willingness to settle and ripeness", "level (0-1)", []series{
			{"government", "willingness", "government willingness", gov, nil},
			{"uto", "willingness", "UTO willingness", uto, nil},
			{"uto", "stalemate", "hurting stalemate", color.Gray{0x40}, dashed},
			{"uto", "prospect", "UTO prospect of prevailing", uto, dotted},
		}},
		{"Pressure and support received, by channel", "per week", []series{
			{"government", "pressure_diplomatic", "government: diplomatic pressure", gov, nil},
			{"uto", "pressure_diplomatic", "UTO: diplomatic pressure", uto, nil},
			{"uto", "pressure_supply_cut", "UTO: supply cuts", uto, dashed},
			{"government", "support_military", "government: arms", gov, dotted},
			{"uto", "support_military", "UTO: arms", uto, dotted},
		}},
	}
	lo, hi := spanOf(in)
	var plots []*plot.Plot
	for k, pn := range panels {
		p := newPlot(pn.title)
		if k == 0 {
			p.Title.Text = fmt.Sprintf("Forces, ripeness and pressure: %s (run 0, %s)\n%s", in.Scenario, seedsText(in), pn.title)
		}
		p.Title.TextStyle.Font.Size = labelSize
		p.Y.Label.Text = pn.ylabel
		p.X.Min, p.X.Max = lo, hi
		p.Add(meetingSpans(in, false))
		bottom, top := 0.0, 0.0
		for _, s := range pn.lines {
			pts := in.Trace[s.actor][s.variable]
			if err := addSeries(p, pts, s.label, lineStyle(s.colour, 2.2, s.dashes...)); err != nil {
				return nil, err
			}
			for _, pt := range pts {
				bottom, top = min(bottom, pt.Value), max(top, pt.Value)
			}
		}
		roomForLegend(p, bottom, max(top, bottom+1e-9), len(pn.lines))
		plots = append(plots, p)
	}
	// Observers' stances, one colour per observer as in every figure, in
	// three panels: the government's backers, the opposition's, the rest.
	groups := []struct{ title, client string }{
		{"Stance of the government's backers: arming it (-1) or pressing for peace (+1)", "government"},
		{"Stance of the opposition's backers", "uto"},
		{"Stance of the other observers", ""},
	}
	for _, g := range groups {
		p := newPlot(g.title)
		p.Title.TextStyle.Font.Size = labelSize
		p.Y.Label.Text = "stance"
		p.Y.Min, p.Y.Max = -1, 1
		p.X.Min, p.X.Max = lo, hi
		p.Add(meetingSpans(in, false))
		n := 0
		for _, a := range in.Actors {
			if a.Party || a.Client != g.client {
				continue
			}
			if err := addSeries(p, in.Trace[a.ID]["stance"], a.Name, lineStyle(colourOf(in, a.ID), 2.2)); err != nil {
				return nil, err
			}
			n++
		}
		if n > 0 {
			roomForLegend(p, -1, 1, n)
			p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: -1, Label: "-1"}, {Value: -0.5}, {Value: 0, Label: "0"}, {Value: 0.5}, {Value: 1, Label: "+1"}})
			plots = append(plots, p)
		}
	}
	for i, q := range plots {
		if i < len(plots)-1 {
			q.X.Label.Text = ""
		}
	}
	return render(format, vg.Length(330*len(plots))*vg.Inch/dpi, plots...)
}

// roomForLegend raises the top of a panel's y axis above its data, by a
// share of the panel for each legend row, so that the legend in the top
// left corner is drawn over no line.
func roomForLegend(p *plot.Plot, bottom, top float64, rows int) {
	f := float64(0.095 * float64(rows))
	p.Y.Min, p.Y.Max = bottom, top+float64((top-bottom)*f)/(1-f)
}

// addSeries adds a line (decimated to at most one point a week, which is the
// model's step) with a legend entry; an absent series is skipped.
func addSeries(p *plot.Plot, pts []Point, label string, sty draw.LineStyle) error {
	if len(pts) == 0 {
		return nil
	}
	xys := make(plotter.XYs, len(pts))
	for i, pt := range pts {
		xys[i] = plotter.XY{X: unix(pt.Date), Y: pt.Value}
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	l.LineStyle = sty
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

// Outcomes draws, for an ensemble, the time-to-agreement curve (share of runs
// with a General Agreement signed by each date, with a 95% Wilson band, the
// historical date marked) and the distribution of the agreed UTO share of
// government posts (the historical 30% marked).
func Outcomes(in *Input, format string) ([]byte, error) {
	ga := slices.IndexFunc(in.Milestones, func(m Milestone) bool { return m.ID == "general_agreement" })
	if ga < 0 {
		return nil, fmt.Errorf("no general_agreement milestone")
	}
	lo, hi := spanOf(in)
	p := newPlot(fmt.Sprintf("Outcomes: %s (%s)\nShare of runs with a General Agreement signed by each date", in.Scenario, seedsText(in)))
	p.Y.Label.Text = "share of runs"
	p.Y.Min, p.Y.Max = 0, 1.02
	p.X.Min, p.X.Max = lo, hi
	var signed []float64
	for _, d := range in.RunDates {
		if !d[ga].IsZero() {
			signed = append(signed, unix(d[ga]))
		}
	}
	sort.Float64s(signed)
	lo = outcomeStart(lo, hi, in)
	p.X.Min = lo
	n := float64(len(in.RunDates))
	grid := weeklyGrid(lo, hi)
	mid, wlo, whi := make([]float64, len(grid)), make([]float64, len(grid)), make([]float64, len(grid))
	curve := make(plotter.XYs, len(grid))
	for i, x := range grid {
		k := float64(sort.SearchFloat64s(signed, x+1))
		mid[i] = k / n
		wlo[i], whi[i] = interval.Wilson(k, n)
		curve[i] = plotter.XY{X: x, Y: mid[i]}
	}
	band, err := bandPolygon(grid, wlo, whi, bandInk)
	if err != nil {
		return nil, err
	}
	l, err := plotter.NewLine(curve)
	if err != nil {
		return nil, err
	}
	l.LineStyle = lineStyle(simulateInk, 3)
	p.Add(band, l)
	p.Legend.Add("simulated", l)
	p.Legend.Add("95% interval (Wilson)", band)
	if h := in.Milestones[ga].Historical; !h.IsZero() {
		v := &vlines{at: []float64{unix(h)}, labels: []string{"historical " + h.Format("2 Jan 2006")},
			style: lineStyle(historyInk, 2, vg.Points(8), vg.Points(4)), font: tickFont()}
		p.Add(v)
		p.Legend.Add("historical date", &legendLine{v.style})
	}

	q := styled(plot.New())
	q.Title.Text = "Agreed UTO share of government posts, over the runs that agreed it"
	q.Title.TextStyle.Font.Size = labelSize
	q.X.Label.Text = "UTO share of government posts"
	q.Y.Label.Text = "runs"
	for _, ax := range []*plot.Axis{&q.X, &q.Y} {
		ax.Label.TextStyle.Font.Size = labelSize
		ax.Tick.Label.Font.Size = tickSize
	}
	q.Legend.TextStyle.Font.Size = legendSize
	q.Legend.Top = true
	var shares plotter.Values
	for _, s := range in.UTOShare {
		if !math.IsNaN(s) {
			shares = append(shares, s)
		}
	}
	if len(shares) > 0 {
		hgram, err := newHist(shares, 30)
		if err != nil {
			return nil, err
		}
		hgram.FillColor = bandInk
		hgram.LineStyle = lineStyle(simulateInk, 1)
		q.Add(hgram)
		// Headroom over the tallest bar, for it and the historical label.
		top := 0.0
		for _, b := range hgram.Bins {
			top = max(top, b.Weight)
		}
		q.Y.Min, q.Y.Max = 0, float64(1.15*top)
		q.Legend.Add(fmt.Sprintf("simulated (%d runs)", len(shares)), hgram)
	}
	if in.HistoricalUTOShare > 0 {
		// Named in the legend: a label along the line would cross the
		// tallest bars, which sit near it.
		v := &vlines{at: []float64{in.HistoricalUTOShare}, style: lineStyle(historyInk, 2, vg.Points(8), vg.Points(4)), font: tickFont()}
		q.Add(v)
		q.Legend.Add(fmt.Sprintf("historical share (%.0f%%)", 100*in.HistoricalUTOShare), &legendLine{v.style})
		q.X.Min = math.Min(q.X.Min, in.HistoricalUTOShare-0.05)
		q.X.Max = math.Max(q.X.Max, in.HistoricalUTOShare+0.05)
	}
	q.Add(plotter.NewGrid())
	return render(format, height*1.6, p, q)
}

// legendLine and legendBox draw legend thumbnails for custom plotters.
type legendLine struct{ sty draw.LineStyle }

func (l *legendLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.sty, c.Min.X, y, c.Max.X, y)
}

type legendBox struct{ fill color.Color }

func (b *legendBox) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.fill, pts)
}

func cond(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
