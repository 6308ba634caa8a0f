package scenarios

import (
	"embed"
	"io/fs"
	"slices"
	"strings"
)

// The built-in posteriors: weighted samples of parameter sets that
// `tajikpeace calibrate` fitted to history (posteriors/README.md says how
// each was made). `run`, `compare` and `sweep` take them by name with
// --posterior.
//
//go:embed posteriors/*.csv
var posteriorFS embed.FS

// BuiltinPosteriorBase is the scenario every built-in posterior was fitted
// to.
const BuiltinPosteriorBase = "endogenous"

// BuiltinPosteriors lists the names of the posteriors embedded in the binary.
func BuiltinPosteriors() []string {
	entries, _ := fs.ReadDir(posteriorFS, "posteriors")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".csv"))
	}
	slices.Sort(names)
	return names
}

// BuiltinPosterior returns the posterior.csv of a built-in posterior.
func BuiltinPosterior(name string) ([]byte, bool) {
	b, err := posteriorFS.ReadFile("posteriors/" + name + ".csv")
	return b, err == nil
}
