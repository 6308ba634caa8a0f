package studies_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

const smcFile = `particle,observers.russia.interests.taliban,calendar.readiness,weight,distance
0,0.5,0.2,0.1,1.2
1,1.5,0.3,0.6,0.9
2,2.5,0.4,0.3,1.1
3,2.9,0.5,0,1.0
`

func TestParsePosterior(t *testing.T) {
	p, err := studies.ParsePosterior("smc.csv", []byte(smcFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Draws) != 4 || len(p.Paths) != 2 || p.Paths[1] != "calendar.readiness" || p.Draws[1][0] != 1.5 {
		t.Errorf("parsed %d draws of %v: %v", len(p.Draws), p.Paths, p.Draws)
	}
	rej := "draw,observers.russia.interests.taliban,distance,accepted\n0,0.5,1,false\n1,1.5,0.5,true\n2,2.5,0.7,true\n"
	q, err := studies.ParsePosterior("rej.csv", []byte(rej))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Draws) != 2 || q.Weights[0] != 0.5 || q.Draws[0][0] != 1.5 {
		t.Errorf("rejection ABC's file: draws %v weights %v, want its two accepted draws at equal weight", q.Draws, q.Weights)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "", "expected a header"},
		{"no parameter", "weight\n1\n", "no parameter column"},
		{"no weight", "a.b\n1\n", "weight column"},
		{"bad weight", "a.b,weight\n1,-1\n", "line 2: weight"},
		{"NaN value", "a.b,weight\nNaN,1\n", "line 2: a.b"},
		{"no weight at all", "a.b,weight\n1,0\n", "no parameter set has any weight"},
		{"ragged", "a.b,weight\n1\n", "wrong number of fields"},
		{"weights overflow", "a.b,weight\n1,1e308\n2,1e308\n", "largest number"},
	} {
		_, err := studies.ParsePosterior("f.csv", []byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "f.csv") {
			t.Errorf("%s: error %v, want one naming f.csv and saying %q", tc.name, err, tc.want)
		}
	}
}

// TestDrawFollowsTheWeights: over many runs each set is drawn in
// proportion to its weight (a zero weight never), and the draw of a run
// depends on the seed and the run only.
func TestDrawFollowsTheWeights(t *testing.T) {
	p, err := studies.ParsePosterior("smc.csv", []byte(smcFile))
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]float64, len(p.Draws))
	const n = 20000
	for i := range n {
		counts[p.Draw(7, i)]++
	}
	for i, w := range p.Weights {
		if got := counts[i] / n; math.Abs(got-w) > 0.015 {
			t.Errorf("set %d drawn in %.3f of runs, want its weight %.3f", i, got, w)
		}
	}
	if counts[3] != 0 {
		t.Errorf("a set of weight 0 was drawn %g times", counts[3])
	}
	again, _ := studies.ParsePosterior("smc.csv", []byte(smcFile))
	for i := range 100 {
		if p.Draw(7, i) != again.Draw(7, i) {
			t.Fatalf("run %d: a different draw from the same seed", i)
		}
	}
}

func TestCheckRefusesWhatCannotRun(t *testing.T) {
	p, err := studies.ParsePosterior("smc.csv", []byte(smcFile))
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := scenarios.NewTemplate("endogenous")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(tpl, []string{"parties.uto.cohesion=0.7"}); err != nil {
		t.Errorf("a --set on another parameter was refused: %v", err)
	}
	// A parameter the scenario sets itself is kept, not drawn: Overridden
	// names it, Without leaves it out, and the draws stay the same.
	base, err := scenarios.Load("endogenous", nil)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := scenarios.Load("early-russia", nil)
	if err != nil {
		t.Fatal(err)
	}
	if kept, err := studies.Overridden(p, base, cf, nil); err != nil || !slices.Equal(kept, []string{"observers.russia.interests.taliban"}) {
		t.Errorf("early-russia keeps %v (%v), want the Russian interest it changes", kept, err)
	}
	kept, err := studies.Overridden(p, base, base, []string{"calendar.readiness=0.3"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(kept, []string{"calendar.readiness"}) {
		t.Errorf("kept %v, want the --set parameter only", kept)
	}
	q := p.Without(kept)
	if !slices.Equal(q.Paths, []string{"observers.russia.interests.taliban"}) || len(q.Draws[0]) != 1 || q.Draws[2][0] != 2.5 {
		t.Errorf("without calendar.readiness: paths %v, draws %v", q.Paths, q.Draws)
	}
	for i := range 50 {
		if p.Draw(3, i) != q.Draw(3, i) {
			t.Fatalf("run %d draws another set once a column is left out", i)
		}
	}
	bad, _ := studies.ParsePosterior("bad.csv", []byte("nonsense.path,weight\n1,1\n"))
	if err := bad.Check(tpl, nil); err == nil || !strings.Contains(err.Error(), "nonsense") {
		t.Errorf("a posterior of an unknown parameter: %v", err)
	}
}

func FuzzParsePosterior(f *testing.F) {
	f.Add([]byte(smcFile))
	f.Add([]byte("draw,a.b,distance,accepted\n0,1,1,true\n"))
	f.Add([]byte("a.b,weight\n1e308,1e308\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := studies.ParsePosterior("f.csv", b)
		if err != nil {
			return
		}
		sum := 0.0
		for i, w := range p.Weights {
			if !(w >= 0) || len(p.Draws[i]) != len(p.Paths) {
				t.Fatalf("accepted a set of weight %g with %d values for %d paths", w, len(p.Draws[i]), len(p.Paths))
			}
			sum += w
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Fatalf("weights sum to %g", sum)
		}
		if d := p.Draw(1, 0); d < 0 || d >= len(p.Draws) {
			t.Fatalf("drew set %d of %d", d, len(p.Draws))
		}
	})
}
