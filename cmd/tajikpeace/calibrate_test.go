package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCalibrationRecoversKnownParameters: run the model with known values,
// take its medians as "history", calibrate from wide priors, and check that
// each known value lies within its posterior 95% interval (a small budget;
// the README gives a larger one).
func TestCalibrationRecoversKnownParameters(t *testing.T) {
	dir := t.TempDir()
	truth := filepath.Join(dir, "truth")
	if _, err := execute(t, "run", "--set", "observers.russia.interests.taliban=2.0", "--set", "mechanisms.track2.knowledge_gain=0.003",
		"--seeds", "24", "--out", truth, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	params := writeParams(t, `params:
  - {path: observers.russia.interests.taliban, min: 0, max: 3}
  - {path: mechanisms.track2.knowledge_gain, min: 0, max: 0.008}
`)
	out := filepath.Join(dir, "cal")
	if _, err := execute(t, "calibrate", "--params", params, "--target", truth, "--samples", "160", "--seeds", "6",
		"--accept", "0.1", "--out", out); err != nil {
		t.Fatal(err)
	}
	var man struct {
		Posterior map[string]struct{ Mean, Lo95, Hi95 float64 }
	}
	b, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	for path, truthValue := range map[string]float64{"observers.russia.interests.taliban": 2.0, "mechanisms.track2.knowledge_gain": 0.003} {
		p := man.Posterior[path]
		t.Logf("%s: true %g, posterior mean %.4g, 95%% %.4g..%.4g", path, truthValue, p.Mean, p.Lo95, p.Hi95)
		if !(p.Lo95 <= truthValue && truthValue <= p.Hi95) {
			t.Errorf("%s: true value %g outside the posterior 95%% interval %.4g..%.4g", path, truthValue, p.Lo95, p.Hi95)
		}
	}
	// The fitted scenario loads and carries the posterior means.
	fitted, err := os.ReadFile(filepath.Join(out, "calibrated.yaml"))
	if err != nil || !strings.Contains(string(fitted), "extends: baseline") {
		t.Fatalf("calibrated.yaml: %v\n%s", err, fitted)
	}
	if _, err := execute(t, "validate", filepath.Join(out, "calibrated.yaml")); err != nil {
		t.Errorf("calibrated.yaml does not validate: %v", err)
	}
}

// TestCalibrationResumes: a calibration interrupted after some draws keeps
// them beside its output; the same command run again measures only the
// rest and writes exactly what an uninterrupted calibration writes. A
// checkpoint of a different calibration is refused, not mixed in.
func TestCalibrationResumes(t *testing.T) {
	dir := t.TempDir()
	params := writeParams(t, "params:\n  - {path: observers.russia.interests.taliban, min: 0, max: 3}\n")
	args := func(out string, extra ...string) []string {
		return append([]string{"calibrate", "--params", params, "--samples", "20", "--seeds", "3", "--accept", "0.2",
			"--out", out, "--format", "svg", "-j", "2"}, extra...)
	}
	whole := filepath.Join(dir, "whole")
	if _, err := execute(t, args(whole)...); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(whole + ".partial"); !os.IsNotExist(err) {
		t.Errorf("a finished calibration left its checkpoint behind: %v", err)
	}

	parts := filepath.Join(dir, "parts")
	_, err := execute(t, args(parts, "--stop-after", "7")...)
	if err == nil || !strings.Contains(err.Error(), "interrupted after 7 of 20 draws") {
		t.Fatalf("expected an interruption after 7 draws, got %v", err)
	}
	if _, err := os.Stat(parts); !os.IsNotExist(err) {
		t.Fatalf("an interrupted calibration wrote its output directory: %v", err)
	}
	// A crash in the middle of writing a line: the fragment is dropped.
	f, err := os.OpenFile(parts+".partial", os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("0.12")
	f.Close()
	if _, err := execute(t, args(parts, "--stop-after", "5")...); err == nil || !strings.Contains(err.Error(), "interrupted after 12 of 20") {
		t.Fatalf("the second attempt did not carry on from draw 7: %v", err)
	}
	if _, err := execute(t, args(parts)...); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"posterior.csv", "calibrated.yaml", "fit.csv", "posterior.svg"} {
		a, _ := os.ReadFile(filepath.Join(whole, name))
		b, err := os.ReadFile(filepath.Join(parts, name))
		if err != nil || len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the whole and the resumed calibration (%v)", name, err)
		}
	}

	other := filepath.Join(dir, "other")
	if _, err := execute(t, args(other, "--stop-after", "2")...); err == nil {
		t.Fatal("expected an interruption")
	}
	_, err = execute(t, args(other, "--seed", "9")...)
	if err == nil || !strings.Contains(err.Error(), "different command") {
		t.Errorf("a checkpoint of another seed was not refused: %v", err)
	}
	if _, err := execute(t, args(other, "--seed", "9", "--force")...); err != nil {
		t.Errorf("--force did not start afresh: %v", err)
	}
}
