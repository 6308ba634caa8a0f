package figures_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

// TestWriteRunDrawsEveryFigure: a run's directory gets its figures and
// report, listed in the manifest; drawn again from a directory missing a
// file, nothing is drawn.
func TestWriteRunDrawsEveryFigure(t *testing.T) {
	racetest.SkipSerial(t)
	res, err := scenarios.Load("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	run, err := studies.Ensemble(context.Background(), res, 1, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := figures.WriteRun(dir, run, results.Manifest{Tool: "tajikpeace", Scenario: "baseline", Seed: 1, Runs: 5}, "svg"); err != nil {
		t.Fatal(err)
	}
	var man results.Manifest
	if err := results.ReadJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"timeline.svg", "progress.svg", "forces.svg", "outcomes.svg", "report.html"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Size() == 0 || !slices.Contains(man.Outputs, name) {
			t.Errorf("%s: %v (listed in the manifest: %v)", name, err, slices.Contains(man.Outputs, name))
		}
	}
	if err := os.Remove(filepath.Join(dir, "runs.csv")); err != nil {
		t.Fatal(err)
	}
	if figs, err := figures.Draw(dir, "svg"); err == nil {
		t.Errorf("drew %d figures from a directory without runs.csv", len(figs))
	}
}
