package studies_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

// FuzzReadParams: any parameter file is either refused with an error that
// names the file, or gives parameters with a finite, non-empty range, a
// known prior whose mean (if normal) lies in the range, and draws inside it.
func FuzzReadParams(f *testing.F) {
	for _, s := range []string{
		"params:\n  - {path: observers.russia.interests.taliban, min: 0, max: 3}\n",
		"params:\n  - {path: parties.uto.willingness.prospect, prior: normal, mean: 1.5, sd: 0.5}\n",
		"params:\n  - {path: observers.russia.interests.taliban, min: -.inf, max: .inf}\n",
		"params:\n  - {path: observers.russia.interests.taliban, min: 0, max: 3, prior: normal, mean: .nan, sd: 1}\n",
		"params:\n  - {path: no.such.key, min: 0, max: 1}\n",
		"params:\n  - {path: a, min: 1}\n",
		"params: []\n",
		"params:\n  - [1, 2]\n",
		"",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	tpl := baselineTemplate(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		path := filepath.Join(dir, "params.yaml")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		ps, err := studies.ReadParams(path, tpl)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		r := rand.New(rand.NewPCG(1, 2))
		for _, p := range ps {
			if math.IsInf(p.Max-p.Min, 0) || !(p.Min < p.Max) {
				t.Fatalf("accepted the range %g..%g", p.Min, p.Max)
			}
			switch p.Prior {
			case "uniform":
			case "normal":
				if !(p.Min <= p.Mean && p.Mean <= p.Max) || !(p.SD > 0) || math.IsInf(p.SD, 0) {
					t.Fatalf("accepted a normal prior with mean %g, sd %g on %g..%g", p.Mean, p.SD, p.Min, p.Max)
				}
			default:
				t.Fatalf("accepted the prior %q", p.Prior)
			}
			for range 20 {
				if x := p.Draw(r); !(p.Min <= x && x <= p.Max) {
					t.Fatalf("%s: drew %g outside %g..%g", p.Path, x, p.Min, p.Max)
				}
			}
		}
	})
}

func baselineTemplate(t testing.TB) *scenarios.Template {
	t.Helper()
	tpl, err := scenarios.NewTemplate("baseline")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}
