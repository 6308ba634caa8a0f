package plots

import (
	"math"
	"strings"
	"testing"
)

// TestSweepFiguresSayWhatTheyShow: the axes carry the parameters in plain
// words, the line marks the scenario's own value, and the heat map has a
// colour scale.
func TestSweepFiguresSayWhatTheyShow(t *testing.T) {
	line := &SweepInput{Scenario: "baseline", Seeds: 10, Params: []string{"observers.russia.interests.taliban"},
		Labels: []string{"weight Russia gives the Taliban threat"}, Numeric: []bool{true}, Own: []float64{1.25},
		HistoricalGA: float64(day(1997, 6, 27).Unix())}
	for i, v := range []string{"0", "1", "2"} {
		d := float64(day(1997, 3+3*i, 1).Unix())
		line.Points = append(line.Points, SweepPoint{Values: []string{v}, GAShare: 0.3 * float64(i+1), GALo: 0.2, GAHi: 0.95,
			Median: d, Q10: d - 9e6, Q90: math.NaN()})
	}
	b, err := Sweep(line, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"weight Russia gives the Taliban threat", "observers.russia.interests.taliban", "its value in baseline (1.25)",
		"Date of the General Agreement", "history: 27 Jun 1997", "10% and 90% of runs"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the line figure lacks %q", want)
		}
	}
	line.Own = []float64{math.NaN()}
	if b, _ := Sweep(line, "svg"); strings.Contains(string(b), "its value in") {
		t.Error("the line figure marks a value the scenario does not have")
	}

	heat := &SweepInput{Scenario: "baseline", Seeds: 10, Params: []string{"a.b", "c.d"}, Labels: []string{"first", ""}, Numeric: []bool{true, true}}
	for _, x := range []string{"0", "1"} {
		for _, y := range []string{"0", "1"} {
			heat.Points = append(heat.Points, SweepPoint{Values: []string{x, y}, GAShare: 0.5})
		}
	}
	b, err = Sweep(heat, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"share of runs", "100%", "0%", "first", "c.d"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the heat map lacks %q", want)
		}
	}
}

// TestParameterFiguresUsePlainWords: the sensitivity bars and the marginal
// posteriors name each parameter in words, with its path.
func TestParameterFiguresUsePlainWords(t *testing.T) {
	s := &SensitivityInput{Title: "t", Label: "total", Params: []string{"a.b"}, Labels: []string{"how much a weighs"},
		Value: []float64{0.5}, Lo: []float64{0.4}, Hi: []float64{0.6}}
	b, err := Sensitivity(s, "svg")
	if err != nil {
		t.Fatal(err)
	}
	p := &PosteriorInput{Title: "t", Params: []string{"a.b"}, Labels: []string{"how much a weighs"}, Min: []float64{0}, Max: []float64{1},
		Accepted: [][]float64{{0.2, 0.4, 0.5}}, Mean: []float64{0.37}}
	c, err := Posterior(p, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for name, fig := range map[string][]byte{"sensitivity": b, "posterior": c} {
		for _, want := range []string{"how much a weighs", "a.b"} {
			if !strings.Contains(string(fig), want) {
				t.Errorf("the %s figure lacks %q", name, want)
			}
		}
	}
}

// TestPairsKeyNamesTheParameters: the pairs plot gives each parameter's
// meaning under its title, keyed by the short name on the panels.
func TestPairsKeyNamesTheParameters(t *testing.T) {
	in := &PairsInput{Title: "pairs", Params: []string{"observers.russia.interests.taliban", "mechanisms.battlefield.offensive_threshold"},
		Labels: []string{"weight Russia gives the Taliban threat", "operations that break a ceasefire"},
		Min:    []float64{0, 0.1}, Max: []float64{3, 0.6}, Values: [][]float64{{1, 2, 2.5}, {0.2, 0.3, 0.5}}, Weights: []float64{0.2, 0.3, 0.5}}
	b, err := Pairs(in, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"russia interests.taliban: weight Russia gives the Taliban threat", "battlefield.offensive_threshold: operations that break a ceasefire"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the pairs plot lacks the key %q", want)
		}
	}
}
