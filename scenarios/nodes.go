package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Key paths name a value in a scenario: mapping keys joined by dots, with a
// list of records addressed by the record's id (parties.uto.cohesion) and any
// other list by index (parties.uto.positions.x or span.start).

// origin is where a value in the merged tree came from.
type origin struct {
	file string
	line int
}

// provenance maps key paths to their origin.
type provenance map[string]origin

func root(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return n
}

// recordID returns the id of a mapping node that has a scalar `id` key.
func recordID(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.MappingNode {
		return "", false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value, true
		}
	}
	return "", false
}

func joinPath(prefix, seg string) string {
	if prefix == "" {
		return seg
	}
	return prefix + "." + seg
}

// walk calls fn for every value in the tree with its key path and the line of
// its key (or of the list item).
func walk(n *yaml.Node, prefix string, fn func(path string, line int, v *yaml.Node)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := joinPath(prefix, k.Value)
			fn(p, k.Line, v)
			walk(v, p, fn)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			seg := strconv.Itoa(i)
			if id, ok := recordID(item); ok {
				seg = id
			}
			p := joinPath(prefix, seg)
			fn(p, item.Line, item)
			walk(item, p, fn)
		}
	}
}

// record adds every path of the tree to prov as coming from file.
func (prov provenance) record(n *yaml.Node, file string) {
	walk(n, "", func(path string, line int, _ *yaml.Node) {
		prov[path] = origin{file, line}
	})
}

// lookup finds the origin of path, or of its nearest recorded ancestor.
func (prov provenance) lookup(path string) origin {
	for p := path; p != ""; {
		if o, ok := prov[p]; ok {
			return o
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return origin{}
}

// pathAtLine returns the deepest key path whose key or value sits on line.
func pathAtLine(n *yaml.Node, line int) string {
	best := ""
	walk(n, "", func(path string, l int, v *yaml.Node) {
		if l == line || (v.Kind == yaml.ScalarNode && v.Line == line) {
			if strings.Count(path, ".") >= strings.Count(best, ".") {
				best = path
			}
		}
	})
	return best
}

// merge lays over on top of base: mappings merge key by key, lists of
// records merge by id (new ids are appended), anything else is replaced.
func merge(base, over *yaml.Node) *yaml.Node {
	if base == nil {
		return over
	}
	switch {
	case base.Kind == yaml.MappingNode && over.Kind == yaml.MappingNode:
		out := *base
		out.Content = append([]*yaml.Node(nil), base.Content...)
		for i := 0; i+1 < len(over.Content); i += 2 {
			k, v := over.Content[i], over.Content[i+1]
			found := false
			for j := 0; j+1 < len(out.Content); j += 2 {
				if out.Content[j].Value == k.Value {
					out.Content[j+1] = merge(out.Content[j+1], v)
					found = true
					break
				}
			}
			if !found {
				out.Content = append(out.Content, k, v)
			}
		}
		return &out
	case base.Kind == yaml.SequenceNode && over.Kind == yaml.SequenceNode && allRecords(base) && allRecords(over):
		out := *base
		out.Content = append([]*yaml.Node(nil), base.Content...)
		for _, item := range over.Content {
			id, _ := recordID(item)
			found := false
			for j, b := range out.Content {
				if bid, _ := recordID(b); bid == id {
					out.Content[j] = merge(b, item)
					found = true
					break
				}
			}
			if !found {
				out.Content = append(out.Content, item)
			}
		}
		return &out
	default:
		return over
	}
}

func allRecords(seq *yaml.Node) bool {
	for _, item := range seq.Content {
		if _, ok := recordID(item); !ok {
			return false
		}
	}
	return true
}

// setPath sets the value at path in the tree, creating mapping keys as
// needed; list items must already exist. The value is parsed as YAML.
func setPath(n *yaml.Node, path, value string) error {
	val, err := overrideValue(value)
	if err != nil {
		return err
	}
	segs := strings.Split(path, ".")
	cur := n
	for i, seg := range segs {
		if seg == "" {
			return fmt.Errorf("empty segment in key path %q", path)
		}
		last := i == len(segs)-1
		switch cur.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			keys := []string{}
			for j := 0; j+1 < len(cur.Content); j += 2 {
				keys = append(keys, cur.Content[j].Value)
				if cur.Content[j].Value == seg {
					if last {
						cur.Content[j+1] = val
						return nil
					}
					next = cur.Content[j+1]
				}
			}
			if next == nil {
				if last {
					cur.Content = append(cur.Content,
						&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: seg}, val)
					return nil
				}
				next = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				cur.Content = append(cur.Content,
					&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: seg}, next)
			}
			cur = next
		case yaml.SequenceNode:
			idx := -1
			ids := []string{}
			for j, item := range cur.Content {
				id, ok := recordID(item)
				if ok {
					ids = append(ids, id)
				}
				if (ok && id == seg) || strconv.Itoa(j) == seg {
					idx = j
				}
			}
			if idx < 0 {
				return fmt.Errorf("%s: no item %q%s", strings.Join(segs[:i], "."), seg, didYouMean(seg, ids))
			}
			if last {
				cur.Content[idx] = val
				return nil
			}
			cur = cur.Content[idx]
		default:
			return fmt.Errorf("%s is a single value, not a section", strings.Join(segs[:i], "."))
		}
	}
	return nil
}

// wholeNumbers reports every scalar in the tree that the scenario decodes
// into a whole-number field but that has a fraction (span.step_days: 7.9):
// the YAML decoder would truncate it silently. Paths are written as the
// validator writes them (list items by id), so provenance finds their lines.
func wholeNumbers(n *yaml.Node, t reflect.Type, path string, errs *Errors) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n == nil {
		return
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	join := func(seg string) string {
		if path == "" {
			return seg
		}
		return path + "." + seg
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			if ft, ok := yamlField(t, key); ok {
				wholeNumbers(n.Content[i+1], ft, join(key), errs)
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return
		}
		for i, item := range n.Content {
			seg := strconv.Itoa(i)
			if item.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(item.Content); j += 2 {
					if item.Content[j].Value == "id" {
						seg = item.Content[j+1].Value
					}
				}
			}
			wholeNumbers(item, t.Elem(), join(seg), errs)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			wholeNumbers(n.Content[i+1], t.Elem(), join(n.Content[i].Value), errs)
		}
	default:
		if n.Kind == yaml.ScalarNode && wholeKind(t) && fractional(n.Value) {
			*errs = append(*errs, FieldError{Path: path, Msg: fmt.Sprintf("expected a whole number, got %s", n.Value)})
		}
	}
}

// yamlField is the type of the struct field that decodes the YAML key.
func yamlField(t reflect.Type, key string) (reflect.Type, bool) {
	for k := range t.NumField() {
		f := t.Field(k)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key {
			return f.Type, true
		}
	}
	return nil, false
}

func wholeKind(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// fractional says the text is a number with a fraction (7.9; not 7, 7.0
// or 1e3), which a whole-number field would truncate.
func fractional(v string) bool {
	if _, err := strconv.ParseInt(strings.TrimSpace(v), 0, 64); err == nil {
		return false
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return err == nil && x != math.Trunc(x)
}

// WholeNumber says whether the key path (as --set writes it: list items by
// id) names a whole-number setting, such as span.step_days or
// calendar.council_patience. Sweeps round such a setting's values;
// calibrate and sensitivity, which draw continuous values, refuse it.
func WholeNumber(path string) bool {
	t := reflect.TypeFor[Scenario]()
	for _, seg := range strings.Split(path, ".") {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			ft, ok := yamlField(t, seg)
			if !ok {
				return false
			}
			t = ft
		case reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem() // the segment is an item's id or a map key
		default:
			return false
		}
	}
	return wholeKind(t)
}

// maxExpandedNodes bounds the tree expandAliases builds: the yaml decoder
// already refuses alias bombs, this is a second guard.
const maxExpandedNodes = 1 << 20

// expandAliases replaces every alias in the tree by a copy of the node it
// names and applies each "<<" merge key (its mapping's keys, or those of a
// list of mappings, where the mapping does not set them itself), so that the
// tree means the same on its own as it does merged with another file's.
func expandAliases(n *yaml.Node) error {
	count := 0
	var expand func(n *yaml.Node) (*yaml.Node, error)
	expand = func(n *yaml.Node) (*yaml.Node, error) {
		if count++; count > maxExpandedNodes {
			return nil, fmt.Errorf("the file expands to more than %d values through its aliases", maxExpandedNodes)
		}
		if n.Kind == yaml.AliasNode {
			if n.Alias == nil {
				return nil, fmt.Errorf("line %d: an alias to an unknown anchor", n.Line)
			}
			return expand(n.Alias)
		}
		out := *n
		out.Anchor = ""
		out.Content = nil
		var merged []*yaml.Node // key-value pairs from << keys, in order
		for i := 0; i < len(n.Content); i++ {
			c, err := expand(n.Content[i])
			if err != nil {
				return nil, err
			}
			if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind == yaml.ScalarNode && c.Value == "<<" && (c.Tag == "!!merge" || c.Tag == "") && i+1 < len(n.Content) {
				v, err := expand(n.Content[i+1])
				if err != nil {
					return nil, err
				}
				sources := []*yaml.Node{v}
				if v.Kind == yaml.SequenceNode {
					sources = v.Content
				}
				for _, src := range sources {
					if src.Kind != yaml.MappingNode {
						return nil, fmt.Errorf("line %d: a << merge key needs a mapping or a list of mappings", v.Line)
					}
					merged = append(merged, src.Content...)
				}
				i++
				continue
			}
			out.Content = append(out.Content, c)
		}
		// The mapping's own keys win over merged ones; of merged ones, the
		// first source wins (the YAML merge key's rule).
		for i := 0; i+1 < len(merged); i += 2 {
			if !hasKey(&out, merged[i].Value) {
				out.Content = append(out.Content, merged[i], merged[i+1])
			}
		}
		return &out, nil
	}
	e, err := expand(n)
	if err != nil {
		return err
	}
	*n = *e
	return nil
}

func hasKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return true
		}
	}
	return false
}

// overrideValue parses the value of a --set (or --vary) override as YAML.
// An anchor, an alias or a tag means nothing there, and "&00" read as an
// anchor on an empty value ran as 0 and was blamed on another key (issue
// #12 item 8): such a value is refused.
func overrideValue(value string) (*yaml.Node, error) {
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(value), &v); err != nil {
		return nil, fmt.Errorf("value %q is not valid YAML: %w", value, err)
	}
	val := root(&v)
	if val == nil || v.Kind == 0 {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: ""}, nil
	}
	var bad bool
	var check func(n *yaml.Node)
	check = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode || n.Anchor != "" || n.Style&yaml.TaggedStyle != 0 {
			bad = true
		}
		for _, c := range n.Content {
			check(c)
		}
	}
	check(val)
	if bad {
		return nil, fmt.Errorf("value %q: an anchor (&), alias (*) or tag (!) means nothing in an override; quote the value if you mean text", value)
	}
	// Text with ": " in it reads as a one-line mapping ("a: b"), and the
	// scenario then said only "cannot unmarshal !!map into string". A
	// mapping given on the command line is written {key: value}.
	if val.Kind == yaml.MappingNode && val.Style&yaml.FlowStyle == 0 {
		return nil, fmt.Errorf("value %q reads as a mapping because of its \": \": to mean text, quote it inside the shell's quotes ('\"%s\"'); a mapping is written {key: value}", value, value)
	}
	return val, nil
}
