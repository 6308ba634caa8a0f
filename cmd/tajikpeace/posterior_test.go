package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// tinyPosterior is a posterior of three parameter sets of two parameters.
const tinyPosterior = `particle,observers.russia.interests.taliban,calendar.readiness,weight,distance
0,0.8,0.25,0.2,1
1,1.2,0.30,0.5,1
2,1.6,0.35,0.3,1
`

// TestRunUnderAPosterior: run i draws a parameter set by weight from its
// own stream, runs.csv records which, the result is the same for any
// number of workers, and the manifest names the posterior by hash.
func TestRunUnderAPosterior(t *testing.T) {
	dir := t.TempDir()
	post := filepath.Join(dir, "posterior.csv")
	if err := os.WriteFile(post, []byte(tinyPosterior), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs []string
	for _, j := range []string{"1", "3"} {
		out := filepath.Join(dir, "run-j"+j)
		if _, err := execute(t, "run", "endogenous", "--posterior", post, "--seeds", "60", "-j", j, "--out", out, "--no-figures"); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	a, _ := os.ReadFile(filepath.Join(outs[0], "runs.csv"))
	b, _ := os.ReadFile(filepath.Join(outs[1], "runs.csv"))
	if len(a) == 0 || string(a) != string(b) {
		t.Fatal("runs.csv differs between 1 and 3 workers")
	}
	rows, err := csv.NewReader(strings.NewReader(string(a))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "draw")
	if col != len(rows[0])-1 {
		t.Fatalf("runs.csv header %v: want draw as the last column", rows[0])
	}
	counts := map[string]int{}
	for _, r := range rows[1:] {
		counts[r[col]]++
	}
	if len(counts) != 3 || counts["1"] < counts["0"] {
		t.Errorf("draws %v over 60 runs: want all three sets, the heaviest (1) most often", counts)
	}
	var man struct {
		Posterior *struct {
			Name   string `json:"name"`
			SHA256 string `json:"sha256"`
			Sets   int    `json:"parameter_sets"`
		} `json:"posterior"`
	}
	mb, _ := os.ReadFile(filepath.Join(outs[0], "manifest.json"))
	if err := json.Unmarshal(mb, &man); err != nil || man.Posterior == nil || man.Posterior.Sets != 3 || len(man.Posterior.SHA256) != 64 {
		t.Errorf("manifest's posterior: %+v (%v)", man.Posterior, err)
	}
	// A run's draw changes its outcome: the same seeds without the posterior differ.
	plain := filepath.Join(dir, "plain")
	if _, err := execute(t, "run", "endogenous", "--seeds", "60", "--out", plain, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	c, _ := os.ReadFile(filepath.Join(plain, "runs.csv"))
	if strings.Contains(strings.SplitN(string(c), "\n", 2)[0], "draw") || string(c) == string(a) {
		t.Error("a run without --posterior has a draw column, or the posterior changed nothing")
	}
	// A parameter the run sets itself (--set, or its scenario's own change
	// against the posterior's) is kept, not drawn: the question stays asked.
	kept := filepath.Join(dir, "kept")
	if _, err := execute(t, "run", "endogenous", "--posterior", post, "--set", "calendar.readiness=0.45", "--seeds", "5",
		"--out", kept, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	var km struct {
		Posterior struct {
			Kept       []string `json:"kept_from_scenario"`
			Parameters []string `json:"parameters"`
		} `json:"posterior"`
	}
	kb, _ := os.ReadFile(filepath.Join(kept, "manifest.json"))
	if err := json.Unmarshal(kb, &km); err != nil || !slices.Equal(km.Posterior.Kept, []string{"calendar.readiness"}) ||
		slices.Contains(km.Posterior.Parameters, "calendar.readiness") {
		t.Errorf("--set on a posterior parameter: manifest %+v (%v), want it kept and not drawn", km.Posterior, err)
	}
	sb, _ := os.ReadFile(filepath.Join(kept, "scenario.yaml"))
	if !strings.Contains(string(sb), "readiness: 0.45") {
		t.Error("the run's scenario lost its --set")
	}
	_, err = execute(t, "run", "--posterior", "no-such-posterior", "--out", filepath.Join(dir, "y"))
	if err == nil || !strings.Contains(err.Error(), "no-such-posterior") {
		t.Errorf("an unknown posterior: %v", err)
	}
	// A counterfactual that changes a parameter of the posterior keeps it
	// in every run; its comparison is not erased (early-russia's once was).
	cf := filepath.Join(dir, "cf.yaml")
	if err := os.WriteFile(cf, []byte("extends: endogenous\nname: cf\nobservers:\n  - id: russia\n    interests:\n      taliban: 2.9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	builtinDir := filepath.Join(dir, "builtin-base")
	if err := os.MkdirAll(builtinDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(builtinDir, "posterior.csv"), []byte(tinyPosterior), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(builtinDir, "manifest.json"), []byte(`{"scenario": "endogenous"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfOut := filepath.Join(dir, "cf-out")
	if _, err := execute(t, "run", cf, "--posterior", builtinDir, "--seeds", "5", "--out", cfOut, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	cb, _ := os.ReadFile(filepath.Join(cfOut, "manifest.json"))
	if !strings.Contains(string(cb), `"observers.russia.interests.taliban"`) || !strings.Contains(string(cb), "kept_from_scenario") {
		t.Errorf("a counterfactual's own parameter was drawn from the posterior:\n%s", cb)
	}
}

// TestCompareUnderAPosterior: the table gains the run-by-run shift and the
// share of pairs going the median's way.
func TestCompareUnderAPosterior(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	post := filepath.Join(dir, "posterior.csv")
	if err := os.WriteFile(post, []byte(tinyPosterior), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "cmp")
	stdout, err := execute(t, "compare", "endogenous", "no-taliban", "--posterior", post, "--seeds", "40", "--bootstrap", "200", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "same direction") || !strings.Contains(stdout, "later in ") {
		t.Errorf("the table has no robustness column:\n%s", stdout)
	}
	b, _ := os.ReadFile(filepath.Join(out, "compare.csv"))
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	k := slices.Index(rows[0], "run_shift_same_sign")
	if k < 0 || rows[1][k] != "" || rows[2][k] == "" {
		t.Errorf("compare.csv: %v", rows)
	}
}
