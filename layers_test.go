package tajikpeace_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// layers orders the project's packages as data flows through them:
// foundations (the historical record and parameter table, generic methods,
// internal helpers) → scenario → model → results → studies → figures →
// command. A package may import only packages on its own layer or below
// (issue #13): figures draw results and never reach the engine, studies
// never print or draw, the command is wiring.
var layers = map[string]int{
	"":                    0, // the module root: documentation and whole-model tests
	"history":             0,
	"paramtable":          0,
	"abc":                 0,
	"sensitivity":         0,
	"internal/detmath":    0,
	"internal/safefile":   0,
	"internal/interval":   0,
	"internal/outlock":    0,
	"internal/racetest":   0, // imported by tests only
	"internal/buildinfo":  0,
	"internal/cliconfig":  0,
	"internal/progress":   0,
	"internal/handout":    0,
	"results/dataset":     0,
	"scenarios":           1,
	"sim":                 2,
	"agents":              2,
	"summary":             3,
	"patterns":            3,
	"sweep":               3,
	"results":             3,
	"play":                3,
	"studies":             4,
	"classroom":           4,
	"classroom/site":      0, // the page's assets and writer: no model package
	"cmd/tajikpeace-wasm": 7,
	"plots":               5,
	"figures":             6,
	"classroom/server":    5,
	"cmd/tajikpeace":      7,
}

func TestNoPackageImportsUpTheFlow(t *testing.T) {
	const module = "github.com/tajikpeace/tajikpeace"
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	rel := func(path string) (string, bool) {
		if path == module {
			return "", true
		}
		r, ok := strings.CutPrefix(path, module+"/")
		return r, ok
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, _ := rel(f[0])
		if strings.HasPrefix(pkg, "internal/tools/") {
			continue // developers' programs, outside the flow
		}
		layer, ok := layers[pkg]
		if !ok {
			t.Errorf("package %q has no layer: add it to layers", pkg)
			continue
		}
		checked++
		for _, imp := range f[1:] {
			dep, ours := rel(imp)
			if !ours {
				continue
			}
			if l, ok := layers[dep]; ok && l > layer {
				t.Errorf("%s (layer %d) imports %s (layer %d), above it in the flow", f[0], layer, imp, l)
			}
		}
	}
	if checked < len(layers)-1 {
		t.Errorf("go list named %d of the %d packages of the flow", checked, len(layers))
	}
	// The figures draw results, never the engine.
	deps, err := exec.Command(gobin, "list", "-deps", "./plots").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, d := range strings.Fields(string(deps)) {
		if d == module+"/sim" || d == module+"/agents" {
			t.Errorf("plots depends on %s", d)
		}
	}
	// Outcomes are never inputs: the model cannot reach the record.
	for _, pkg := range []string{"./sim", "./agents", "./scenarios"} {
		deps, err := exec.Command(gobin, "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		if slices.Contains(strings.Fields(string(deps)), module+"/history") {
			t.Errorf("%s depends on the historical record (history)", pkg)
		}
	}
}
