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
