package scenarios

import (
	"slices"

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

// pathNodes maps each path of Paths to its node in the resolved YAML.
func pathNodes(res *Resolved) map[string]*yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(res.YAML, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	out := map[string]*yaml.Node{}
	var walk func(prefix string, n *yaml.Node)
	walk = func(prefix string, n *yaml.Node) {
		join := func(k string) string {
			if prefix == "" {
				return k
			}
			return prefix + "." + k
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(join(n.Content[i].Value), n.Content[i+1])
			}
		case yaml.SequenceNode:
			if id := recordIDs(n); id != nil {
				for k, item := range n.Content {
					walk(join(id[k]), item)
				}
				return
			}
			out[prefix] = n
		default:
			if prefix != "" {
				out[prefix] = n
			}
		}
	}
	walk("", doc.Content[0])
	return out
}

// recordIDs returns the ids of a list of records that all have one, or nil.
func recordIDs(n *yaml.Node) []string {
	var ids []string
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			return nil
		}
		id := ""
		for i := 0; i+1 < len(item.Content); i += 2 {
			if item.Content[i].Value == "id" {
				id = item.Content[i+1].Value
			}
		}
		if id == "" {
			return nil
		}
		ids = append(ids, id)
	}
	return ids
}
