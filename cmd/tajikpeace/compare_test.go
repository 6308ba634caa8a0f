package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// TestCompareSavedEqualsScenarios: comparing two saved outputs gives the same
// table as comparing the two scenarios under the same seeds.
func TestCompareSavedEqualsScenarios(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, run := range [][]string{{"run", "baseline", "--seeds", "60", "--out", a, "--no-figures"}, {"run", "no-dialogue", "--seeds", "60", "--out", b, "--no-figures"}} {
		if _, err := execute(t, run...); err != nil {
			t.Fatal(err)
		}
	}
	saved, scen := filepath.Join(dir, "saved"), filepath.Join(dir, "scen")
	if _, err := execute(t, "compare", a, b, "--out", saved, "--bootstrap", "300"); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "compare", "baseline", "no-dialogue", "--seeds", "60", "--out", scen, "--bootstrap", "300"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"compare.csv", "compare.md"} {
		x, _ := os.ReadFile(filepath.Join(saved, name))
		y, _ := os.ReadFile(filepath.Join(scen, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between saved outputs and scenarios:\n%s\n%s", name, x, y)
		}
	}
	for _, fig := range []string{"compare-progress.png", "compare-outcomes.png"} {
		if st, err := os.Stat(filepath.Join(saved, fig)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing", fig)
		}
	}
}

func TestCompareBootstrapIsReproducible(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	read := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		if _, err := execute(t, append([]string{"compare", "baseline", "russia-arms", "--seeds", "60", "--bootstrap", "500", "--out", out}, args...)...); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(out, "compare.csv"))
		return string(b)
	}
	first, again := read("one", "--bootstrap-seed", "7"), read("two", "--bootstrap-seed", "7")
	if first != again {
		t.Errorf("the same bootstrap seed gave different intervals:\n%s\n%s", first, again)
	}
	if other := read("three", "--bootstrap-seed", "8"); other == first {
		t.Log("a different bootstrap seed gave the same intervals (possible, but unlikely)")
	}
	if !strings.Contains(first, "russia-arms,60,") {
		t.Errorf("unexpected table:\n%s", first)
	}
}

func TestCompareBadInput(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	_, err := execute(t, "compare", "baseline", "no-talibam", "--seeds", "10", "--out", filepath.Join(dir, "x"))
	if err == nil || !strings.Contains(err.Error(), "no-talibam") || !strings.Contains(err.Error(), `did you mean "no-taliban"`) {
		t.Errorf("unknown scenario: %v", err)
	}
	_, err = execute(t, "compare", "baseline", filepath.Join(dir, "missing-dir"), "--seeds", "10", "--out", filepath.Join(dir, "y"))
	if err == nil || !strings.Contains(err.Error(), "missing-dir") {
		t.Errorf("missing directory: %v", err)
	}
	for _, d := range []string{"x", "y"} {
		if _, err := os.Stat(filepath.Join(dir, d)); err == nil {
			t.Errorf("wrote %s despite the error", d)
		}
	}
	// Outputs made by different versions are compared with a warning.
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	execute(t, "run", "--seeds", "20", "--out", a, "--no-figures")
	execute(t, "run", "--seeds", "20", "--out", b, "--no-figures")
	var man map[string]any
	raw, _ := os.ReadFile(filepath.Join(b, "manifest.json"))
	json.Unmarshal(raw, &man)
	man["version"] = "v0.0.1-older"
	raw, _ = json.Marshal(man)
	os.WriteFile(filepath.Join(b, "manifest.json"), raw, 0o644)
	cmd := newRootCommand()
	var stdout, stderr bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"compare", a, b, "--out", filepath.Join(dir, "z"), "--bootstrap", "200"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "different versions of tajikpeace") {
		t.Errorf("no warning about versions: %q", stderr.String())
	}
}

func TestCompareWarnsOnDifferentMilestones(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	extra := filepath.Join(dir, "extra.yaml")
	os.WriteFile(extra, []byte(`extends: baseline
name: extra-issue
agenda:
  - id: economy
    name: Economic reconstruction
    requires: [fundamental_principles]
    min_knowledge: 0.5
parties:
  - id: government
    positions: {economy: {ideal: 0.4, flexibility: 0.3}}
  - id: uto
    positions: {economy: {ideal: 0.6, flexibility: 0.3}}
`), 0o644)
	cmd := newRootCommand()
	var stdout, stderr bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"compare", "baseline", extra, "--seeds", "20", "--bootstrap", "200", "--out", filepath.Join(dir, "out")})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "have different milestones") {
		t.Errorf("no warning about milestone sets: %q", stderr.String())
	}
	if !strings.Contains(stdout.String(), "extra-issue") {
		t.Errorf("the table lacks the second scenario:\n%s", stdout.String())
	}
}
