package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/scenarios"
)

// TestDataDictionaryNamesEveryColumn runs every command that writes data
// and fails if a CSV column or a JSON key of what it wrote is not named in
// docs/data.md. Columns named after the scenario (milestones, terms,
// parameter paths) count as named when the dictionary describes their kind;
// every other name must appear in backquotes.
func TestDataDictionaryNamesEveryColumn(t *testing.T) {
	racetest.SkipSerial(t)
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "data.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	dir := everyOutput(t)
	res, err := scenarios.Load("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	generic := map[string]bool{}
	for _, is := range res.Scenario.Agenda {
		generic[is.ID] = true
		for _, tm := range is.Terms {
			for _, s := range []string{"", "_mean", "_lo", "_hi", "_runs"} {
				generic[tm.ID+s] = true
			}
		}
	}
	for _, id := range []string{"ceasefire_in_force", "ceasefire_collapse"} {
		generic[id] = true
	}
	reached := regexp.MustCompile(`^reached_([a-z_]+?)(_lo|_hi)?$`)
	named := func(name string) bool {
		// In backquotes, alone or as the last part of a key path
		// (`milestones[].median_date`, `.q10_date`).
		quoted := regexp.MustCompile("`([^`\\s]*[.\\]])?" + regexp.QuoteMeta(name) + "`")
		if quoted.MatchString(doc) || generic[name] || strings.Contains(name, ".") || strings.Contains(name, "/") {
			return true
		}
		if m := reached.FindStringSubmatch(name); m != nil && generic[m[1]] {
			return true
		}
		return false
	}
	var missing []string
	var walk func(file string, v any)
	walk = func(file string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !named(k) {
					missing = append(missing, file+": key "+k)
				}
				walk(file, e)
			}
		case []any:
			for _, e := range x {
				walk(file, e)
			}
		}
	}
	checked := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch filepath.Ext(path) {
		case ".csv":
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			header, err := csv.NewReader(f).Read()
			if err != nil {
				return err
			}
			for _, c := range header {
				checked++
				if !named(c) {
					missing = append(missing, rel+": column "+c)
				}
			}
		case ".json":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				return err
			}
			checked++
			walk(rel, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("only %d columns and JSON files checked: the commands wrote less than expected", checked)
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	for _, m := range missing {
		t.Errorf("docs/data.md does not name %s", m)
	}
}

// everyOutput runs every command that writes data, small, into a temporary
// directory, once per test binary.
func everyOutput(t *testing.T) string {
	t.Helper()
	outputsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "every-output")
		if err != nil {
			outputsErr = err
			return
		}
		outputsDir = dir
		params := writeParams(t, "params:\n  - {path: observers.russia.interests.taliban}\n  - {path: calendar.readiness}\n")
		for _, args := range [][]string{
			{"run", "--seeds", "3", "--out", "run", "--no-figures"},
			{"compare", "endogenous", "no-taliban", "--posterior", "posterior", "--seeds", "4", "--bootstrap", "100", "--out", "compare", "--format", "svg"},
			{"sweep", "--vary", "observers.russia.interests.taliban=0,1", "--posterior", "posterior", "--seeds", "2", "--out", "sweep", "--no-figures", "--quiet"},
			{"calibrate", "--params", params, "--particles", "10", "--seeds", "1", "--generations", "2", "--out", "smc", "--format", "svg", "--quiet"},
			{"calibrate", "--method", "rejection", "--params", params, "--samples", "10", "--seeds", "1", "--accept", "0.2", "--out", "rejection", "--format", "svg", "--quiet"},
			{"sensitivity", "--params", params, "--method", "sobol", "-n", "4", "--seeds", "1", "--out", "sobol", "--format", "svg", "--quiet"},
			{"sensitivity", "--params", params, "--method", "morris", "-n", "4", "--seeds", "1", "--out", "morris", "--format", "svg", "--quiet"},
		} {
			for i, a := range args {
				if a == "--out" {
					args[i+1] = filepath.Join(dir, args[i+1])
				}
			}
			if _, err := execute(t, args...); err != nil {
				outputsErr = fmt.Errorf("%v: %w", args, err)
				return
			}
		}
	})
	if outputsErr != nil {
		t.Fatal(outputsErr)
	}
	return outputsDir
}

var (
	outputsOnce sync.Once
	outputsDir  string
	outputsErr  error
)
