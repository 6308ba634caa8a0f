package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTraceSeveralRuns: --trace N puts runs 0 to N-1 in steps.csv, one tidy
// table; each run's rows are those of the run re-run alone; the figures
// still draw from run 0; and a count beyond the ensemble is refused.
func TestTraceSeveralRuns(t *testing.T) {
	dir := t.TempDir()
	ens, one := filepath.Join(dir, "ens"), filepath.Join(dir, "one")
	if _, err := execute(t, "run", "--seeds", "5", "--trace", "3", "--out", ens, "--format", "svg"); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "run", "--run", "2", "--out", one, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	steps, err := os.ReadFile(filepath.Join(ens, "steps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	alone, err := os.ReadFile(filepath.Join(one, "steps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(steps)), "\n")
	runs := map[string]int{}
	var run2 bytes.Buffer
	for _, l := range lines[1:] {
		r, _, _ := strings.Cut(l, ",")
		runs[r]++
		if r == "2" {
			run2.WriteString(l + "\n")
		}
	}
	if len(runs) != 3 || runs["0"] == 0 || runs["0"] != runs["1"] || runs["1"] != runs["2"] {
		t.Fatalf("steps.csv holds rows of runs %v, want runs 0, 1 and 2 alike", runs)
	}
	if _, rest, _ := strings.Cut(string(alone), "\n"); rest != run2.String() {
		t.Error("run 2's rows in the ensemble's steps.csv differ from run 2 re-run alone")
	}
	if _, err := os.Stat(filepath.Join(ens, "forces.svg")); err != nil {
		t.Errorf("no figures from a directory tracing several runs: %v", err)
	}
	for _, bad := range []string{"6", "0", "some"} {
		if _, err := execute(t, "run", "--seeds", "5", "--trace", bad, "--out", filepath.Join(dir, "bad"+bad)); err == nil || !strings.Contains(err.Error(), "--trace") {
			t.Errorf("--trace %s with 5 runs: %v, want a refusal naming --trace", bad, err)
		}
	}
}
