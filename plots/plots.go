package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/tajikpeace/tajikpeace/results/dataset"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The figures are drawn from an output directory's contents, as
// results.Read parses them (package dataset); these names keep the
// figures' own vocabulary.
type (
	Input     = dataset.Output
	Milestone = dataset.Milestone
	Meeting   = dataset.Meeting
	Event     = dataset.Event
	Point     = dataset.Point
	Actor     = dataset.Actor
)

// Figure is a drawn figure: its file name stem and its bytes in one format.
type Figure struct {
	Name  string
	Bytes []byte
}

// Size of every figure: 1280 px wide at 96 dpi, readable when projected.
const dpi = 96

var (
	width  = vg.Length(1280) * vg.Inch / dpi
	height = vg.Length(720) * vg.Inch / dpi
	// At 96 dpi a point is 4/3 px: the smallest text is 20 px high on a
	// 1280-px image, readable from the back of a room (issue #15).
	titleSize   = vg.Points(20)
	labelSize   = vg.Points(16)
	tickSize    = vg.Points(15)
	legendSize  = vg.Points(15)
	historyInk  = color.NRGBA{A: 255}
	simulateInk = color.NRGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: 255}
	bandInk     = color.NRGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: 0x40}
	band90Ink   = color.NRGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: 0x22}
	meetingInk  = color.NRGBA{R: 0xf0, G: 0xa0, B: 0x20, A: 0x30}
	eventInk    = color.NRGBA{R: 0x99, G: 0x22, B: 0x22, A: 0xff}
)

// palette gives every actor the same colour in every figure: the two parties
// first, then the observers in scenario order.
var palette = []color.NRGBA{
	{0x1f, 0x77, 0xb4, 255}, {0x2c, 0xa0, 0x2c, 255}, {0xd6, 0x27, 0x28, 255},
	{0x94, 0x67, 0xbd, 255}, {0x8c, 0x56, 0x4b, 255}, {0xe3, 0x77, 0xc2, 255},
	{0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 255}, {0x17, 0xbe, 0xcf, 255},
	{0xff, 0x7f, 0x0e, 255}, {0x39, 0x3b, 0x79, 255}, {0x63, 0x79, 0x39, 255},
	{0x8c, 0x6d, 0x31, 255}, {0x84, 0x3c, 0x39, 255},
}

// Colour returns the colour of an actor.
func colourOf(in *Input, id string) color.Color {
	i := slices.IndexFunc(in.Actors, func(a Actor) bool { return a.ID == id })
	if i < 0 {
		return color.Gray{0x60}
	}
	return palette[i%len(palette)]
}

func actorName(in *Input, id string) string {
	for _, a := range in.Actors {
		if a.ID == id {
			return a.Name
		}
	}
	return id
}

func seedsText(in *Input) string {
	if in.Runs <= 1 {
		return fmt.Sprintf("seed %d%s", in.Seed, underPosterior(in))
	}
	return fmt.Sprintf("master seed %d, %d runs%s", in.Seed, in.Runs, underPosterior(in))
}

// seedsEachText is seedsText for the arms of a comparison, which share
// their seeds, runs and posterior.
func seedsEachText(in *Input) string {
	if in.Runs <= 1 {
		return fmt.Sprintf("seed %d each%s", in.Seed, underPosterior(in))
	}
	return fmt.Sprintf("master seed %d, %d runs each%s", in.Seed, in.Runs, underPosterior(in))
}

// underPosterior names the posterior the runs drew their parameters from.
func underPosterior(in *Input) string {
	if in.Posterior == "" {
		return ""
	}
	return " under " + in.Posterior
}

func unix(t time.Time) float64 { return float64(t.Unix()) }

// newPlot makes a plot with the house style: large fonts, a dated x axis.
func newPlot(title string) *plot.Plot {
	p := styled(plot.New())
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.X.Label.TextStyle.Font.Size = labelSize
	p.Y.Label.TextStyle.Font.Size = labelSize
	p.X.Tick.Label.Font.Size = tickSize
	p.Y.Tick.Label.Font.Size = tickSize
	p.Legend.TextStyle.Font.Size = legendSize
	p.Legend.Top = true
	p.Legend.Left = true
	p.X.Tick.Marker = yearTicks{}
	p.X.Label.Text = "Date"
	p.Add(plotter.NewGrid())
	return p
}

// styled sets every text of a plot in a sans-serif face, easier to read
// projected than the default serif, and marks numeric axes with niceTicks,
// which draw the same on every machine.
func styled(p *plot.Plot) *plot.Plot {
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans"
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	return p
}

// yearTicks marks each 1 January as a major tick and each quarter as minor;
// on an axis shorter than three years every quarter is labelled.
type yearTicks struct{}

func (yearTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	short := max-min < 3*365*24*3600
	start := time.Unix(int64(min), 0).UTC()
	for y := start.Year(); ; y++ {
		for q := 0; q < 4; q++ {
			t := time.Date(y, time.Month(1+3*q), 1, 0, 0, 0, 0, time.UTC)
			v := unix(t)
			if v < min {
				continue
			}
			if v > max {
				return ticks
			}
			tk := plot.Tick{Value: v}
			switch {
			case short:
				tk.Label = t.Format("Jan 2006")
			case q == 0:
				tk.Label = t.Format("2006")
			}
			ticks = append(ticks, tk)
		}
	}
}

// canvas is a drawing surface that can write itself out.
type canvas interface {
	vg.CanvasSizer
	io.WriterTo
}

var (
	pdfDates sync.Once
	// pdfEpoch is the date every PDF figure records: the Unix epoch, a
	// date no reader will take for the day the figure was made.
	pdfEpoch = time.Unix(0, 0).UTC()
)

// newCanvas makes a canvas of the figure's width and the given height.
// PNG, SVG and PDF output are byte-reproducible (PDFs record a fixed date).
func newCanvas(format string, h vg.Length) (canvas, error) {
	kind, px, sized := strings.Cut(format, ":")
	switch {
	case kind == "svg" && !sized:
		return vgsvg.New(width, h), nil
	case kind == "png":
		d := dpi
		if sized {
			w, err := strconv.Atoi(px)
			if err != nil || w < minWidthPx || w > maxWidthPx {
				return nil, fmt.Errorf("figure format %q: expected png:WIDTH with a width from %d to %d pixels", format, minWidthPx, maxWidthPx)
			}
			// The same figure, more pixels: the lettering keeps its
			// share of the width.
			d = int(math.Round(float64(dpi) * float64(w) / widthPx))
		}
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, h), vgimg.UseDPI(d))}, nil
	case kind == "pdf" && !sized:
		pdfDates.Do(func() {
			// fpdf stamps each document with the time it was written
			// unless told otherwise (package-wide): a figure's bytes must
			// depend on its content only (issue #12 item 18).
			fpdf.SetDefaultCreationDate(pdfEpoch)
			fpdf.SetDefaultModificationDate(pdfEpoch)
		})
		return vgpdf.New(width, h), nil
	}
	return nil, fmt.Errorf("unknown figure format %q: expected png, svg or pdf (png:WIDTH for a PNG of WIDTH pixels)", format)
}

// A PNG's default width, and the widths png:WIDTH may ask for.
const (
	widthPx    = 1280
	minWidthPx = 640
	maxWidthPx = 8000
)

// Ext is the file extension of a figure format: png for png:2560.
func Ext(format string) string {
	kind, _, _ := strings.Cut(format, ":")
	return kind
}

// render draws plots stacked vertically (small multiples sharing the time
// axis) in the given format: "png", "svg" or "pdf".
func render(format string, h vg.Length, rows ...*plot.Plot) ([]byte, error) {
	c, err := newCanvas(format, h)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	if len(rows) == 1 {
		rows[0].Draw(dc)
	} else {
		grid := make([][]*plot.Plot, len(rows))
		for i, p := range rows {
			grid[i] = []*plot.Plot{p}
		}
		tiles := draw.Tiles{Rows: len(rows), Cols: 1, PadY: vg.Points(8),
			PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(16)}
		canvases := plot.Align(grid, tiles, dc)
		for i, p := range rows {
			p.Draw(canvases[i][0])
		}
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encoding %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// renderCaptioned draws a plot with a caption of short lines under it, in
// two columns (a key to numbered marks), growing the figure to hold them.
func renderCaptioned(format string, h vg.Length, p *plot.Plot, caption []string) ([]byte, error) {
	if len(caption) == 0 {
		return render(format, h, p)
	}
	sty := draw.TextStyle{Color: color.NRGBA{0x33, 0x33, 0x33, 0xff}, Font: tickFont(), XAlign: draw.XLeft, YAlign: draw.YTop, Handler: p.TextHandler}
	rows := (len(caption) + 1) / 2
	line := vg.Length(sty.Font.Size * 1.35)
	capH := vg.Length(vg.Length(rows)*line) + vg.Points(16)
	c, err := newCanvas(format, h+capH)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	p.Draw(draw.Crop(dc, 0, 0, capH, 0))
	colW := (dc.Max.X - dc.Min.X) / 2
	for i, text := range caption {
		col, row := i/rows, i%rows
		x := dc.Min.X + vg.Points(12) + vg.Length(vg.Length(col)*colW)
		y := dc.Min.Y + capH - vg.Points(6) - vg.Length(vg.Length(row)*line)
		dc.FillText(sty, vg.Point{X: x, Y: y}, text)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encoding %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// ---- plotters the library lacks ---------------------------------------

// vlines draws labelled vertical lines (a historical date or value).
type vlines struct {
	at     []float64
	labels []string
	style  draw.LineStyle
	font   font.Font
}

func (v *vlines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.TextStyle{Color: v.style.Color, Font: v.font, Rotation: math.Pi / 2, XAlign: draw.XRight, YAlign: draw.YBottom, Handler: p.TextHandler}
	lv := stagger{gap: vg.Length(v.font.Size * 1.2)}
	for i, x := range v.at {
		cx := trX(x)
		if cx < c.Min.X || cx > c.Max.X {
			continue
		}
		c.StrokeLine2(v.style, cx, c.Min.Y, cx, c.Max.Y)
		if i >= len(v.labels) || v.labels[i] == "" {
			continue // named in the legend instead
		}
		drop := vg.Length(vg.Length(lv.level(cx)) * (c.Max.Y - c.Min.Y) * 0.3)
		c.FillText(sty, vg.Point{X: cx - vg.Points(2), Y: c.Max.Y - vg.Points(4) - drop}, v.labels[i])
	}
}

// eventMarks draws vertical lines (exogenous events) over the data, each
// numbered just under the data's 0, at the top of the band below it; the
// caption under the figure says what each number is (eventKey).
type eventMarks struct {
	at    []float64
	style draw.LineStyle
	font  font.Font
}

func (v *eventMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	zero := trY(0)
	sty := draw.TextStyle{Color: v.style.Color, Font: v.font, XAlign: draw.XCenter, YAlign: draw.YTop, Handler: p.TextHandler}
	for i, x := range v.at {
		cx := trX(x)
		if cx < c.Min.X || cx > c.Max.X {
			continue
		}
		c.StrokeLine2(v.style, cx, zero, cx, c.Max.Y)
		c.FillText(sty, vg.Point{X: cx, Y: zero - vg.Points(3)}, strconv.Itoa(i+1))
	}
}

// spans shades date intervals (rounds of talks). With labels, the plot's
// y axis runs below 0 (bandBelow): the labels stand in that band, under the
// data and the row of event numbers, in two staggered levels.
type spans struct {
	from, to []float64
	labels   []string
	fill     color.Color
	font     font.Font
}

func (s *spans) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.TextStyle{Color: color.NRGBA{0x80, 0x50, 0x00, 0xff}, Font: s.font, Rotation: math.Pi / 2, XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: p.TextHandler}
	foot := c.Min.Y + vg.Points(4)
	top := trY(0) - vg.Length(s.font.Size*1.5)       // under the row of event numbers (the product rounded first, as everywhere)
	lv := stagger{gap: vg.Length(s.font.Size * 1.2)} // a label's width, rotated
	for i := range s.from {
		x0, x1 := trX(s.from[i]), trX(s.to[i])
		if x1-x0 < vg.Points(2) {
			x1 = x0 + vg.Points(2)
		}
		pts := []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}}
		c.FillPolygon(s.fill, c.ClipPolygonXY(pts))
		if s.labels[i] != "" {
			// Two close labels: the first reads up from the foot of the
			// band, the second down from its top, so long names do not
			// meet in the middle.
			if lv.level((x0+x1)/2) == 1 {
				down := sty
				down.XAlign = draw.XRight
				c.FillText(down, vg.Point{X: (x0 + x1) / 2, Y: top}, s.labels[i])
			} else {
				c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: foot}, s.labels[i])
			}
		}
	}
}

// bandBelow is how far below 0 a progress figure's y axis runs, in data
// units, to hold the venues and event numbers under the data.
const bandBelow = 0.5

// numbersBand is the band under the data when there are only event
// numbers to put in it.
const numbersBand = 0.1

// unitTicks labels a share axis from 0 to its top only: below 0 is the
// band of labels.
type unitTicks struct{}

func (unitTicks) Ticks(_, hi float64) []plot.Tick { return niceTicks{}.Ticks(0, min(hi, 1)) }

// stagger moves a label to the other of two levels when it would fall
// within gap of the previous one, so close labels do not overprint.
type stagger struct {
	gap  vg.Length
	last vg.Length
	lvl  int
	seen bool
}

func (s *stagger) level(x vg.Length) int {
	if s.seen && x-s.last < s.gap {
		s.lvl = 1 - s.lvl
	} else {
		s.lvl = 0
	}
	s.last, s.seen = x, true
	return s.lvl
}

// intervals draws horizontal bars (10-90% ranges) at given rows.
type intervals struct {
	y, lo, hi []float64
	style     draw.LineStyle
}

func (iv *intervals) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range iv.y {
		if math.IsNaN(iv.lo[i]) || math.IsNaN(iv.hi[i]) {
			continue
		}
		y := trY(iv.y[i])
		c.StrokeLine2(iv.style, trX(iv.lo[i]), y, trX(iv.hi[i]), y)
	}
}

func (iv *intervals) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range iv.y {
		if math.IsNaN(iv.lo[i]) {
			continue
		}
		xmin, xmax = math.Min(xmin, iv.lo[i]), math.Max(xmax, iv.hi[i])
		ymin, ymax = math.Min(ymin, iv.y[i]), math.Max(ymax, iv.y[i])
	}
	return
}

func lineStyle(c color.Color, w float64, dashes ...vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(w), Dashes: dashes}
}

// bandPolygon returns a filled band between lower and upper.
func bandPolygon(xs, lo, hi []float64, fill color.Color) (*plotter.Polygon, error) {
	pts := make(plotter.XYs, 0, 2*len(xs))
	for i := range xs {
		pts = append(pts, plotter.XY{X: xs[i], Y: hi[i]})
	}
	for i := len(xs) - 1; i >= 0; i-- {
		pts = append(pts, plotter.XY{X: xs[i], Y: lo[i]})
	}
	poly, err := plotter.NewPolygon(pts)
	if err != nil {
		return nil, err
	}
	poly.Color = fill
	poly.LineStyle.Width = 0
	return poly, nil
}

func sortedCopy(xs []float64) []float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s
}

// renderGrid draws plots in a grid of cols columns, row by row, each cell
// cell tall, under a title in a band of its own (a long title drawn over
// the first cell would spill out of it); a plot left nil leaves its cell
// empty.
func renderGrid(format, title string, cols int, cell vg.Length, cells []*plot.Plot) ([]byte, error) {
	rows := (len(cells) + cols - 1) / cols
	// A band for the title, a line higher for each line of it.
	band := vg.Length(24+24*(strings.Count(title, "\n")+1)) * vg.Inch / dpi
	c, err := newCanvas(format, vg.Length(rows)*cell+band)
	if err != nil {
		return nil, err
	}
	whole := draw.New(c)
	sty := draw.TextStyle{Color: historyInk, Font: font.From(plot.DefaultFont, labelSize), Handler: plot.DefaultTextHandler,
		XAlign: draw.XCenter, YAlign: draw.YCenter}
	sty.Font.Variant = "Sans"
	whole.FillText(sty, vg.Point{X: width / 2, Y: whole.Max.Y - band/2}, title)
	dc := whole
	dc.Max.Y -= band
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(10), PadY: vg.Points(10),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(12)}
	for i, p := range cells {
		if p != nil {
			p.Draw(tiles.At(dc, i%cols, i/cols))
		}
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encoding %s: %w", format, err)
	}
	return buf.Bytes(), nil
}
