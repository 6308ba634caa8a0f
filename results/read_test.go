package results_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/studies"
)

// writeEnsemble writes the output directory of an ensemble of name, as
// `tajikpeace run` would, and returns it with the runs.
func writeEnsemble(t *testing.T, name string, runs int) (string, results.Run) {
	t.Helper()
	res, err := scenarios.Load(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	run, err := studies.Ensemble(context.Background(), res, 3, runs, 2)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), name)
	man := results.Manifest{Tool: "tajikpeace", Scenario: res.Scenario.Name, ScenarioSHA: res.Hash, Files: res.Files, Seed: 3, Runs: runs}
	if err := results.Publish(dir, false, func(tmp string) error {
		_, err := results.WriteRun(tmp, run, man)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return dir, run
}

// Read gives back what was written: the milestones in the scenario's
// order, every run's dates as the engine dated them, the trace to the last
// step, and under the historical calendar the meetings the engine held.
func TestReadGivesBackWhatWasWritten(t *testing.T) {
	for _, name := range []string{"baseline", "endogenous"} {
		t.Run(name, func(t *testing.T) {
			dir, run := writeEnsemble(t, name, 12)
			out, err := results.Read(dir)
			if err != nil {
				t.Fatal(err)
			}
			res, _ := scenarios.Load(name, nil)
			var ids []string
			for _, m := range out.Milestones {
				ids = append(ids, m.ID)
			}
			if want := sim.MilestoneIDs(res.Scenario); !slices.Equal(ids, want) {
				t.Fatalf("milestones %v, want %v", ids, want)
			}
			if len(out.RunDates) != 12 || len(out.UTOShare) != 12 {
				t.Fatalf("%d runs of dates and %d shares, want 12", len(out.RunDates), len(out.UTOShare))
			}
			for r, res := range run.Results {
				for i, m := range res.Milestones {
					got := out.RunDates[r][i]
					if m.Reached != !got.IsZero() || (m.Reached && got.Format("2006-01-02") != m.Date.Format("2006-01-02")) {
						t.Fatalf("run %d, %s: read %v, the engine dated it %v (reached %v)", r, m.ID, got, m.Date, m.Reached)
					}
				}
			}
			if len(out.Trace) == 0 {
				t.Fatal("no trace read")
			}
			held := 0
			if res.Scenario.Calendar.Mode == scenarios.ModeHistorical {
				held = len(sim.Calendar(res.Scenario))
			}
			if len(out.Meetings) != held {
				t.Errorf("%d meetings to shade, the engine holds %d", len(out.Meetings), held)
			}
		})
	}
}

// A directory cut short, or not a run's, is refused with the file named.
func TestReadRefusesWhatIsCutShortOrElse(t *testing.T) {
	dir, _ := writeEnsemble(t, "endogenous", 4)
	cut := func(file string, keep float64) string {
		t.Helper()
		d := filepath.Join(t.TempDir(), "cut")
		if err := os.CopyFS(d, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(d, file))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		if err := os.WriteFile(filepath.Join(d, file), []byte(strings.Join(lines[:int(keep*float64(len(lines)))], "")), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		name, dir, want string
	}{
		{"steps.csv cut at a row", cut("steps.csv", 0.5), "steps.csv"},
		{"runs.csv cut at a row", cut("runs.csv", 0.5), "runs.csv"},
		{"no such directory", filepath.Join(dir, "nothing"), "output directory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.Read(c.dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error naming %s", err, c.want)
			}
		})
	}
	sweepDir := filepath.Join(t.TempDir(), "sweep")
	if err := os.MkdirAll(sweepDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sweepDir, "points.csv"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := results.Read(sweepDir); err == nil || !strings.Contains(err.Error(), "a sweep") {
		t.Errorf("a sweep's directory: got %v, want it called a sweep", err)
	}
}
