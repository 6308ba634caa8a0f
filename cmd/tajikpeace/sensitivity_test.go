package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

func writeParams(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "params.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSensitivityRanksAnInertParameterLast(t *testing.T) {
	racetest.SkipSerial(t)
	params := writeParams(t, `params:
  - {path: observers.oic.bias, min: 0.3, max: 0.3001}
  - {path: observers.russia.interests.taliban, min: 0, max: 3}
`)
	dir := t.TempDir()
	run := func(name string) []byte {
		out := filepath.Join(dir, name)
		if _, err := execute(t, "sensitivity", "--params", params, "--method", "sobol", "-n", "32", "--seeds", "2",
			"--outcome", "general_agreement_date", "--out", out); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "sensitivity.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := run("a")
	if again := run("b"); !bytes.Equal(first, again) {
		t.Error("the same seed gave different indices")
	}
	recs, err := csv.NewReader(bytes.NewReader(first)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Ranked by total index: Russia first, the inert parameter last.
	if recs[1][0] != "observers.russia.interests.taliban" || recs[2][0] != "observers.oic.bias" {
		t.Fatalf("ranking %v", recs)
	}
	russia, _ := strconv.ParseFloat(recs[1][1], 64)
	oic, _ := strconv.ParseFloat(recs[2][1], 64)
	if !(russia > 0.3 && oic < 0.05) {
		t.Errorf("total indices: Russia %.3f, inert %.3f", russia, oic)
	}
}

func TestSensitivityBadParameterFiles(t *testing.T) {
	cases := []struct{ body, want string }{
		{"params:\n  - {path: observers.russa.interests.taliban, min: 0, max: 3}\n", `did you mean "russia"`},
		{"params:\n  - {path: parties.uto.cohesion, min: 0.8, max: 0.8}\n", "is empty"},
		{"params:\n  - {path: parties.uto.cohesion, min: 0.2, max: 1.5}\n", "from 0 to 1"},
		{"params:\n  - {path: parties.uto.cohesion, mn: 0.2, max: 0.5}\n", "field mn not found"},
		{"params:\n  - {path: parties.uto.cohesion, min: 0.2, max: 0.5, prior: beta}\n", "expected uniform or normal"},
		{"params:\n  - {path: parties.uto.cohesion, min: 0.2, max: 0.5, prior: normal, mean: 0.8, sd: 0.1}\n", "outside the range"},
		{"params:\n  - {path: parties.uto.cohesion, min: 0.2, max: 0.5, prior: normal, mean: 0.3}\n", "needs a mean and a finite sd"},
		{"params:\n  - {path: parties.uto.cohesion, min: 0.2, max: 0.5, prior: normal, mean: .nan, sd: 0.1}\n", "outside the range"},
		{"params:\n  - {path: observers.russia.interests.taliban, min: 0, max: .inf}\n", "must be finite"},
		{"params:\n  - {path: parties.uto.strength, min: 0.2}\n", "give both min and max"},
		{"params:\n  - {path: parties.uto.strength}\n", "not in the table of calibratable parameters"},
		{"params: []\n", "at least one parameter"},
	}
	for i, c := range cases {
		p := writeParams(t, c.body)
		out := filepath.Join(t.TempDir(), "out")
		_, err := execute(t, "sensitivity", "--params", p, "-n", "4", "--seeds", "1", "--out", out)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "params.yaml") {
			t.Errorf("case %d: want an error naming the file and %q, got %v", i, c.want, err)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Errorf("case %d: wrote %s", i, out)
		}
	}
}

func baselineTemplate(t testing.TB) *scenarios.Template {
	t.Helper()
	tpl, err := scenarios.NewTemplate("baseline")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestParameterRangesDefaultToTheTable(t *testing.T) {
	p := writeParams(t, "params:\n  - {path: observers.russia.interests.taliban}\n  - {path: parties.uto.cohesion, prior: normal, mean: 0.8, sd: 0.05}\n")
	got, err := studies.ReadParams(p, baselineTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Min != 0 || got[0].Max != 3 || got[0].Prior != "uniform" {
		t.Errorf("taliban: %+v, want the table's 0..3, uniform", got[0])
	}
	if got[1].Min != 0.3 || got[1].Max != 0.95 || got[1].Prior != "normal" || got[1].Mean != 0.8 {
		t.Errorf("cohesion: %+v, want the table's 0.3..0.95 with a normal prior", got[1])
	}
}

// TestSensitivityResumes: an analysis interrupted twice and run again writes
// exactly what an uninterrupted one does.
func TestSensitivityResumes(t *testing.T) {
	params := writeParams(t, `params:
  - {path: observers.russia.interests.taliban, min: 0, max: 3}
  - {path: parties.uto.leader_will, min: 0.2, max: 0.9}
`)
	dir := t.TempDir()
	args := func(out string, extra ...string) []string {
		return append([]string{"sensitivity", "--params", params, "--method", "morris", "-n", "6", "--seeds", "2",
			"--outcome", "general_agreement_date", "--out", out, "--format", "svg"}, extra...)
	}
	whole, parts := filepath.Join(dir, "whole"), filepath.Join(dir, "parts")
	if _, err := execute(t, args(whole)...); err != nil {
		t.Fatal(err)
	}
	for _, stop := range []int{4, 9} {
		if _, err := executeUntil(t, "point", stop, args(parts)...); err == nil || !strings.Contains(err.Error(), "interrupted") {
			t.Fatalf("expected an interruption: %v", err)
		}
	}
	if b, err := os.ReadFile(parts + ".partial"); err != nil || bytes.Count(b, []byte("\n")) != 1+4+9 {
		t.Fatalf("the checkpoint does not hold 13 points after two attempts: %v\n%s", err, b)
	}
	if _, err := execute(t, args(parts)...); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sensitivity.csv", "design.csv", "sensitivity.svg"} {
		a, err1 := os.ReadFile(filepath.Join(whole, name))
		b, err2 := os.ReadFile(filepath.Join(parts, name))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the whole and the resumed analysis (%v, %v)", name, err1, err2)
		}
	}
	if _, err := os.Stat(parts + ".partial"); !os.IsNotExist(err) {
		t.Errorf("the checkpoint outlived the finished analysis: %v", err)
	}
}
