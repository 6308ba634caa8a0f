package scenarios_test

import (
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

// TestClaimScenariosLoad: each switched-off channel of docs/model.md section
// 11 (docs/claims/*.yaml, run by `make claims`) loads, extends the
// endogenous calendar and differs from it, so the table's comparisons
// compare something.
func TestClaimScenariosLoad(t *testing.T) {
	files, err := filepath.Glob("../docs/claims/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no claim scenarios in docs/claims (%v)", err)
	}
	endo, err := scenarios.Load("endogenous", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		res, err := scenarios.Load(f, nil)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if res.Scenario.Calendar.Mode != "endogenous" {
			t.Errorf("%s: calendar %q, want the endogenous calendar", f, res.Scenario.Calendar.Mode)
		}
		if model(t, res.Scenario) == model(t, endo.Scenario) {
			t.Errorf("%s: the same model as endogenous (only its name differs)", f)
		}
	}
}

// model is the scenario without its name, title, question and sources.
func model(t *testing.T, sc *scenarios.Scenario) string {
	t.Helper()
	c := *sc
	c.Name, c.Title, c.Question, c.Sources = "", "", "", ""
	b, err := yaml.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
