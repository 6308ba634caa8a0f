package scenarios

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Paths lists the key paths a `--set` or `--vary` can address in a
// resolved scenario, in the form they take there: a record of a list with
// ids by its id (parties.uto.cohesion), a plain value by its keys
// (span.step_days). Lists without ids (requires) are one value. For shell
// completion: the validator, not this list, decides what is valid.
func Paths(res *Resolved) []string {
	nodes := pathNodes(res)
	out := make([]string, 0, len(nodes))
	for p := range nodes {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// pathNodes maps each path of Paths to its node in the resolved YAML: every
// scalar, and every list without ids as one value (not its items).
func pathNodes(res *Resolved) map[string]*yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(res.YAML, &doc); err != nil || root(&doc) == nil {
		return nil
	}
	out := map[string]*yaml.Node{}
	whole := map[string]bool{} // lists set as one value, and everything in them
	walk(root(&doc), "", func(path string, _ int, v *yaml.Node) {
		if i := strings.LastIndexByte(path, '.'); i >= 0 && whole[path[:i]] {
			whole[path] = true
			return
		}
		switch {
		case v.Kind == yaml.SequenceNode && (len(v.Content) == 0 || !allRecords(v)):
			whole[path] = true
			out[path] = v
		case v.Kind == yaml.ScalarNode:
			out[path] = v
		}
	})
	return out
}

// Value is the value at a key path of Paths in the resolved scenario, as
// written there (a number, a word, a date), and whether the path names a
// single value.
func Value(res *Resolved, path string) (string, bool) {
	n, ok := pathNodes(res)[path]
	if !ok || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// Values is Value for every path that names a single value: one reading
// of the scenario's YAML for all of them (the classroom page reads
// dozens).
func Values(res *Resolved) map[string]string {
	out := map[string]string{}
	for p, n := range pathNodes(res) {
		if n.Kind == yaml.ScalarNode {
			out[p] = n.Value
		}
	}
	return out
}
