package scenarios

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Overlay writes a short scenario file that extends base and sets the given
// key.path=value overrides, shaped as the resolved scenario is (lists of
// records addressed by id), so that loading it gives base with the
// overrides applied. header lines are written as comments first.
func Overlay(base *Resolved, extends, name string, sets []string, header []string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(base.YAML, &doc); err != nil {
		return nil, err
	}
	shape := root(&doc)
	out := &yaml.Node{Kind: yaml.MappingNode}
	add := func(m *yaml.Node, key string, v *yaml.Node) { m.Content = append(m.Content, scalar(key), v) }
	add(out, "extends", scalar(extends))
	add(out, "name", scalar(name))
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("override %q: expected key.path=value", s)
		}
		cur, like := out, shape
		segs := strings.Split(path, ".")
		for i, seg := range segs {
			last := i == len(segs)-1
			child := lookupChild(like, seg)
			if child == nil {
				return nil, fmt.Errorf("override %s: no key %q in the scenario", path, seg)
			}
			if last {
				v, err := overrideValue(value)
				if err != nil {
					return nil, err
				}
				add(cur, seg, v)
				break
			}
			if like.Kind == yaml.SequenceNode {
				// A record of a list: find or make {id: seg} in cur.
				rec := findRecord(cur, seg)
				if rec == nil {
					rec = &yaml.Node{Kind: yaml.MappingNode}
					rec.Content = append(rec.Content, scalar("id"), scalar(seg))
					cur.Content = append(cur.Content, rec)
				}
				cur, like = rec, child
				continue
			}
			next := mapChild(cur, seg)
			if next == nil {
				kind := yaml.MappingNode
				if child.Kind == yaml.SequenceNode {
					kind = yaml.SequenceNode
				}
				next = &yaml.Node{Kind: kind}
				add(cur, seg, next)
			}
			cur, like = next, child
		}
	}
	var b strings.Builder
	for _, h := range header {
		b.WriteString("# " + h + "\n")
	}
	text, err := yaml.Marshal(out)
	if err != nil {
		return nil, err
	}
	b.Write(text)
	return []byte(b.String()), nil
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// lookupChild finds seg in a resolved node: a mapping key or a record id.
func lookupChild(n *yaml.Node, seg string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if id, ok := recordID(item); ok && id == seg {
				return item
			}
		}
	}
	return nil
}

func mapChild(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func findRecord(seq *yaml.Node, id string) *yaml.Node {
	for _, item := range seq.Content {
		if rid, ok := recordID(item); ok && rid == id {
			return item
		}
	}
	return nil
}
