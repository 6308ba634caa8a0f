package scenarios

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDocsCoverEveryKey checks that docs/scenarios.md documents every key
// the built-in scenarios use.
func TestDocsCoverEveryKey(t *testing.T) {
	doc, err := os.ReadFile("../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, name := range Builtin() {
		src, _ := BuiltinSource(name)
		var n yaml.Node
		if err := yaml.Unmarshal(src, &n); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var visit func(n *yaml.Node, path []string, generic []string)
		visit = func(n *yaml.Node, path, generic []string) {
			switch n.Kind {
			case yaml.DocumentNode:
				visit(n.Content[0], path, generic)
			case yaml.MappingNode:
				for i := 0; i+1 < len(n.Content); i += 2 {
					k := n.Content[i].Value
					g := k
					switch {
					case len(generic) >= 2 && generic[len(generic)-1] == "positions":
						g = "ISSUE"
					case len(generic) >= 2 && generic[len(generic)-1] == "leverage":
						g = "PARTY"
					}
					visit(n.Content[i+1], append(path, k), append(generic, g))
				}
			case yaml.SequenceNode:
				if len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
					for _, item := range n.Content {
						visit(item, path, append(generic, "*"))
					}
					return
				}
				fallthrough
			default:
				p := strings.Join(generic, ".")
				if seen[p] {
					return
				}
				seen[p] = true
				parent, leaf := p, p
				if i := strings.LastIndexByte(p, '.'); i >= 0 {
					parent, leaf = p[:i], p[i+1:]
				}
				if !strings.Contains(text, "`"+p+"`") &&
					!(strings.Contains(text, "`"+parent+".") && strings.Contains(text, "`."+leaf+"`")) {
					t.Errorf("%s: key %s is not documented in docs/scenarios.md", name, p)
				}
			}
		}
		visit(&n, nil, nil)
	}
}
