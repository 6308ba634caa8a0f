package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

func TestPlotRedrawsFromDisk(t *testing.T) {
	racetest.SkipSerial(t)
	out := filepath.Join(t.TempDir(), "out")
	if _, err := execute(t, "run", "--seeds", "50", "--out", out); err != nil {
		t.Fatal(err)
	}
	// The PNGs run wrote are exactly what plot draws from the files.
	again := t.TempDir()
	for _, name := range []string{"manifest.json", "scenario.yaml", "summary.json", "runs.csv", "steps.csv", "events.log"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(again, name), b, 0o644)
	}
	if _, err := execute(t, "plot", again); err != nil {
		t.Fatal(err)
	}
	for _, fig := range []string{"timeline", "progress", "forces", "outcomes"} {
		a, errA := os.ReadFile(filepath.Join(out, fig+".png"))
		b, errB := os.ReadFile(filepath.Join(again, fig+".png"))
		if errA != nil || errB != nil || len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s.png: run and plot disagree (%v, %v)", fig, errA, errB)
		}
	}
	stdout, err := execute(t, "plot", out, "--format", "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, fig := range []string{"timeline", "progress", "forces", "outcomes"} {
		b, err := os.ReadFile(filepath.Join(out, fig+".svg"))
		if err != nil || !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s.svg not written: %v", fig, err)
		}
		if !strings.Contains(stdout, fig+".svg") {
			t.Errorf("plot did not report %s.svg", fig)
		}
	}
	for _, dir := range []string{out, again} {
		if b, err := os.ReadFile(filepath.Join(dir, "report.html")); err != nil || !bytes.Contains(b, []byte("milestone-table")) {
			t.Errorf("%s: report.html missing or without the table: %v", dir, err)
		}
	}
}

func TestPlotRefusesBadDirectories(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good")
	if _, err := execute(t, "run", "--out", good, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	copyDir := func(skip string, corrupt map[string]string) string {
		dir := t.TempDir()
		entries, _ := os.ReadDir(good)
		for _, e := range entries {
			if e.Name() == skip {
				continue
			}
			b, _ := os.ReadFile(filepath.Join(good, e.Name()))
			if c, ok := corrupt[e.Name()]; ok {
				b = []byte(c)
			}
			os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
		}
		return dir
	}
	steps, _ := os.ReadFile(filepath.Join(good, "steps.csv"))
	events, _ := os.ReadFile(filepath.Join(good, "events.log"))
	// Cut at a row boundary, the files still parse (issue #12 item 17).
	cutSteps := string(steps[:bytes.LastIndexByte(steps[:len(steps)/2], '\n')+1])
	cases := []struct {
		name string
		dir  string
		want string
	}{
		{"steps cut at a row", copyDir("", map[string]string{"steps.csv": cutSteps}), "the file is cut short"},
		{"events cut mid-line", copyDir("", map[string]string{"events.log": string(events[:len(events)-3])}), "events.log: the last line is cut off"},
		{"not an output", t.TempDir(), "manifest.json is missing"},
		{"no such directory", filepath.Join(t.TempDir(), "absent"), "no such file"},
		{"missing runs", copyDir("runs.csv", nil), "runs.csv"},
		{"missing steps", copyDir("steps.csv", nil), "steps.csv"},
		{"missing scenario", copyDir("scenario.yaml", nil), "scenario.yaml"},
		{"missing narrative", copyDir("events.log", nil), "events.log"},
		{"malformed summary", copyDir("", map[string]string{"summary.json": "{not json"}), "summary.json: malformed"},
		{"malformed runs", copyDir("", map[string]string{"runs.csv": "run,seed,ceasefire\n0,1,x\n"}), "runs.csv: line 1"},
		{"malformed steps", copyDir("", map[string]string{"steps.csv": "run,step,date,actor,variable,value\n0,0,1993-01-04,world,taliban,abc\n"}), "steps.csv: line 2: value"},
		{"incomplete manifest", copyDir("", map[string]string{"manifest.json": `{"tool":"tajikpeace","complete":false}`}), "not a complete tajikpeace output"},
	}
	for i, c := range cases {
		before, _ := os.ReadDir(c.dir)
		_, err := execute(t, "plot", c.dir, "--format", "svg")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("case %d (%s): want an error containing %q, got %v", i, c.name, c.want, err)
		}
		after, _ := os.ReadDir(c.dir)
		if len(after) != len(before) {
			t.Errorf("case %d (%s): wrote files despite the error", i, c.name)
		}
	}
	if _, err := execute(t, "plot", good, "--format", "gif"); err == nil || !strings.Contains(err.Error(), "png, svg or pdf") {
		t.Errorf("bad format: %v", err)
	}
}
