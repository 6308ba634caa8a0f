package scenarios

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Change is one difference between two resolved scenarios, at a key path.
// From or To is empty when the key exists on one side only.
type Change struct {
	Path     string
	From, To string
}

func (c Change) String() string {
	switch {
	case c.From == "":
		return fmt.Sprintf("+ %s: %s", c.Path, c.To)
	case c.To == "":
		return fmt.Sprintf("- %s: %s", c.Path, c.From)
	}
	return fmt.Sprintf("~ %s: %s -> %s", c.Path, c.From, c.To)
}

// Diff lists what b changes against a, value by value, in the order of a's
// keys (then b's new ones). The scenarios' names and descriptions are left out.
func Diff(a, b *Resolved) ([]Change, error) {
	la, err := leaves(a.YAML)
	if err != nil {
		return nil, err
	}
	lb, err := leaves(b.YAML)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{"name": true, "title": true, "question": true, "sources": true}
	var out []Change
	seen := map[string]bool{}
	for _, l := range la.order {
		seen[l] = true
		if skip[l] {
			continue
		}
		if to, ok := lb.value[l]; !ok {
			out = append(out, Change{Path: l, From: la.value[l]})
		} else if to != la.value[l] {
			out = append(out, Change{Path: l, From: la.value[l], To: to})
		}
	}
	for _, l := range lb.order {
		if !seen[l] && !skip[l] {
			out = append(out, Change{Path: l, To: lb.value[l]})
		}
	}
	return out, nil
}

type leafSet struct {
	order []string
	value map[string]string
}

// leaves flattens a scenario into key path -> scalar (plain lists of
// scalars count as one value).
func leaves(src []byte) (leafSet, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return leafSet{}, err
	}
	ls := leafSet{value: map[string]string{}}
	walk(root(&doc), "", func(p string, _ int, v *yaml.Node) {
		switch {
		case v.Kind == yaml.ScalarNode:
			ls.order = append(ls.order, p)
			ls.value[p] = v.Value
		case v.Kind == yaml.SequenceNode && !allRecords(v) || v.Kind == yaml.SequenceNode && len(v.Content) == 0:
			var items []string
			for _, it := range v.Content {
				items = append(items, it.Value)
			}
			ls.order = append(ls.order, p)
			ls.value[p] = "[" + strings.Join(items, ", ") + "]"
		}
	})
	return ls, nil
}
