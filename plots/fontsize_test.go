package plots

import (
	"math"
	"regexp"
	"strconv"
	"testing"
)

// minFontPt is the smallest text a figure may carry, in points of a figure
// 960 points (1,280 pixels at 96 dpi) wide: 15 pt is 20 px, what the back
// of a room can read projected (issue #15).
const minFontPt = 15

var (
	svgWidth = regexp.MustCompile(`<svg[^>]*width="([0-9.]+)pt"`)
	fontSize = regexp.MustCompile(`font-size:([0-9.]+)px`)
)

// TestNoFigureTextBelowTheProjectionSize draws every kind of figure as SVG
// and fails if any text in it is smaller than minFontPt for its width.
func TestNoFigureTextBelowTheProjectionSize(t *testing.T) {
	figs, err := All(synthetic(40), "svg")
	if err != nil {
		t.Fatal(err)
	}
	arms := []*Input{synthetic(40), synthetic(40)}
	arms[1].Scenario = "other"
	more := map[string]func() ([]byte, error){
		"compare-progress": func() ([]byte, error) { return CompareProgress(arms, "svg") },
		"compare-outcomes": func() ([]byte, error) { return CompareOutcomes(arms, "svg") },
		"fit": func() ([]byte, error) {
			return Fit(&FitInput{Title: "t", Milestones: []string{"a", "b"}, Before: []float64{-20, 40}, After: []float64{5, math.NaN()}}, "svg")
		},
		"posterior": func() ([]byte, error) {
			return Posterior(&PosteriorInput{Title: "t", Params: []string{"a.b"}, Min: []float64{0}, Max: []float64{1},
				Accepted: [][]float64{{0.2, 0.3, 0.7}}, Mean: []float64{0.4}}, "svg")
		},
		"sensitivity": func() ([]byte, error) {
			return Sensitivity(&SensitivityInput{Title: "t", Label: "total", Params: []string{"a.b", "c.d"},
				Value: []float64{0.5, 0.1}, Lo: []float64{0.4, 0}, Hi: []float64{0.6, 0.2}}, "svg")
		},
		"sweep": func() ([]byte, error) {
			in := &SweepInput{Scenario: "s", Seeds: 4, Params: []string{"a.b"}, Numeric: []bool{true}}
			for _, v := range []string{"0", "1"} {
				in.Points = append(in.Points, SweepPoint{Values: []string{v}, GAShare: 0.5, GALo: 0.4, GAHi: 0.6})
			}
			return Sweep(in, "svg")
		},
	}
	for name, draw := range more {
		b, err := draw()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		figs = append(figs, Figure{Name: name, Bytes: b})
	}
	for _, f := range figs {
		m := svgWidth.FindSubmatch(f.Bytes)
		if m == nil {
			t.Errorf("%s: no width in points", f.Name)
			continue
		}
		width, _ := strconv.ParseFloat(string(m[1]), 64)
		sizes := fontSize.FindAllSubmatch(f.Bytes, -1)
		if len(sizes) == 0 {
			t.Errorf("%s: no text", f.Name)
		}
		for _, s := range sizes {
			pt, _ := strconv.ParseFloat(string(s[1]), 64)
			if pt*960/width < minFontPt {
				t.Errorf("%s: text of %g pt in a figure %g pt wide: below %d pt at 960 pt (20 px at 1,280 px)", f.Name, pt, width, minFontPt)
				break
			}
		}
	}
}
