package scenarios

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/tajikpeace/tajikpeace/internal/safefile"
)

// maxScenarioBytes bounds a scenario file: the largest built-in is under
// 40 kB; a file a thousand times larger is not a scenario.
const maxScenarioBytes = 32 << 20

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Builtin lists the names of the scenarios embedded in the binary.
func Builtin() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// BuiltinSource returns the text of a built-in scenario.
func BuiltinSource(name string) ([]byte, error) {
	b, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in scenario %q%s; built-ins: %s",
			name, didYouMean(name, Builtin()), strings.Join(Builtin(), ", "))
	}
	return b, nil
}

// Resolved is a loaded scenario together with what it was made from.
type Resolved struct {
	Scenario *Scenario
	// YAML is the fully merged scenario, extends removed: running it as a
	// file gives the same scenario.
	YAML []byte
	// Files are the files read, the scenario's own first, with SHA-256 hashes.
	Files []FileHash
	// Hash is the SHA-256 of YAML.
	Hash string
}

// FileHash names a file read and the SHA-256 of its bytes.
type FileHash struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Load reads the scenario ref (a built-in name or a file path), follows its
// extends chain, applies the --set overrides (each "key.path=value") and
// validates the result.
func Load(ref string, sets []string) (*Resolved, error) {
	prov := provenance{}
	var files []FileHash
	tree, err := loadTree(ref, prov, &files, nil)
	if err != nil {
		return nil, err
	}
	return resolve(ref, tree, prov, files, sets)
}

// resolve applies the overrides to the merged tree of ref (changing tree and
// prov), decodes it strictly and validates it.
func resolve(ref string, tree *yaml.Node, prov provenance, files []FileHash, sets []string) (*Resolved, error) {
	var errs Errors
	for _, s := range sets {
		if !utf8.ValidString(s) {
			errs = append(errs, FieldError{File: "--set", Path: fmt.Sprintf("%q", s), Msg: "not valid UTF-8 text"})
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			errs = append(errs, FieldError{File: "--set", Path: s, Msg: "expected key.path=value"})
			continue
		}
		if err := checkSettable(k); err != nil {
			errs = append(errs, FieldError{File: "--set", Path: k, Msg: err.Error()})
			continue
		}
		if err := setPath(tree, k, v); err != nil {
			errs = append(errs, FieldError{File: "--set", Path: k, Msg: err.Error()})
			continue
		}
		prov[k] = origin{file: "--set"}
		// Values below a replaced section now come from --set too.
		for p := range prov {
			if strings.HasPrefix(p, k+".") {
				prov[p] = origin{file: "--set"}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	removeKey(tree, "extends")
	var whole Errors
	wholeNumbers(tree, reflect.TypeFor[Scenario](), "", &whole)
	if len(whole) > 0 {
		return nil, prov.place(whole, ref)
	}
	merged, err := yaml.Marshal(tree)
	if err != nil {
		return nil, FieldError{File: ref, Msg: fmt.Sprintf("cannot re-encode the merged scenario: %v", err)}
	}
	var sc Scenario
	if err := strictDecode(merged, &sc); err != nil {
		// Map lines of the merged text back to the files they came from.
		var doc yaml.Node
		_ = yaml.Unmarshal(merged, &doc)
		return nil, locate(err, root(&doc), func(p string, _ int) FieldError {
			o := prov.lookup(p)
			if o.file == "" {
				o.file = ref // no key to trace it to: name the scenario asked for
			}
			return FieldError{File: o.file, Line: o.line, Path: p}
		})
	}
	if verrs := Validate(&sc); len(verrs) > 0 {
		return nil, prov.place(verrs, ref)
	}
	sum := sha256.Sum256(merged)
	return &Resolved{Scenario: &sc, YAML: merged, Files: files, Hash: hex.EncodeToString(sum[:])}, nil
}

// place gives each error found by key path the file and line its value came
// from (the scenario asked for, when no file set it).
func (p provenance) place(errs Errors, ref string) Errors {
	for i := range errs {
		o := p.lookup(errs[i].Path)
		errs[i].File, errs[i].Line = o.file, o.line
		if errs[i].File == "" {
			errs[i].File = ref
		}
	}
	return errs
}

// checkSettable refuses --set on keys that structure the file rather than
// parameterise the model.
func checkSettable(k string) error {
	if k == "extends" {
		return errors.New("extends cannot be set from the command line")
	}
	return nil
}

func removeKey(n *yaml.Node, key string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content = slices.Delete(n.Content, i, i+2)
			return
		}
	}
}

// loadTree reads one file, checks it strictly on its own, and merges it over
// the tree of the scenario it extends.
func loadTree(ref string, prov provenance, files *[]FileHash, chain []string) (*yaml.Node, error) {
	name, data, err := read(ref)
	if err != nil {
		return nil, err
	}
	if slices.Contains(chain, name) {
		return nil, &cycleError{fmt.Sprintf("cyclic extends: %s -> %s", strings.Join(chain, " -> "), name)}
	}
	sum := sha256.Sum256(data)
	*files = append(*files, FileHash{Name: name, SHA256: hex.EncodeToString(sum[:])})
	if len(bytes.TrimSpace(stripComments(data))) == 0 {
		return nil, FieldError{File: name, Msg: "file is empty: expected a scenario (see docs/scenarios.md)"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, locate(err, nil, func(_ string, line int) FieldError { return FieldError{File: name, Line: line} })
	}
	if line := secondDocument(data); line > 0 {
		// yaml reads the first document and ignores the rest; a scenario
		// split by "---" would run with half its keys.
		return nil, FieldError{File: name, Line: line,
			Msg: "a second YAML document (after \"---\"): a scenario file holds one document; merge the two or use extends"}
	}
	top := root(&doc)
	if top.Kind != yaml.MappingNode {
		return nil, FieldError{File: name, Line: top.Line, Msg: "expected a mapping of scenario keys at the top level"}
	}
	var own Scenario
	if err := strictDecode(data, &own); err != nil {
		return nil, locate(err, top, func(p string, line int) FieldError {
			return FieldError{File: name, Line: line, Path: p}
		})
	}
	if dup := duplicateIDs(top); dup != nil {
		dup.File = name
		return nil, *dup
	}
	var base *yaml.Node
	if own.Extends == "" && keyLine(top, "extends") > 0 {
		return nil, FieldError{File: name, Line: keyLine(top, "extends"), Path: "extends",
			Msg: "expected the scenario this file extends (a built-in name or a file), got nothing; remove the key to start from scratch"}
	}
	if own.Extends != "" {
		parent := own.Extends
		builtinName := strings.HasPrefix(parent, "builtin:") || slices.Contains(Builtin(), parent)
		if !builtinName && !strings.HasPrefix(name, "builtin:") && !filepath.IsAbs(parent) {
			// A file extends another relative to itself, never to the
			// directory the command runs in (issue #12 item 11): a bare name
			// that is no built-in is a file beside it.
			beside := filepath.Join(filepath.Dir(name), parent)
			if _, err := os.Stat(beside); err != nil && isBuiltinRef(parent) {
				return nil, FieldError{File: name, Line: keyLine(top, "extends"), Path: "extends",
					Msg: fmt.Sprintf("cannot extend: %q is neither a built-in scenario%s nor a file beside %s; built-ins: %s",
						parent, didYouMean(parent, Builtin()), name, strings.Join(Builtin(), ", "))}
			}
			parent = beside
		}
		if strings.HasPrefix(name, "builtin:") && !isBuiltinRef(parent) {
			parent = "builtin:" + strings.TrimSuffix(path.Base(parent), ".yaml")
		}
		base, err = loadTree(parent, prov, files, append(chain, name))
		var re *refError
		var ce *cycleError
		if errors.As(err, &ce) {
			return nil, FieldError{File: name, Line: keyLine(top, "extends"), Path: "extends", Msg: ce.msg}
		}
		if errors.As(err, &re) {
			return nil, FieldError{File: name, Line: keyLine(top, "extends"), Path: "extends",
				Msg: "cannot extend: " + re.Error()}
		}
		if err != nil {
			return nil, err
		}
	}
	// Anchors, aliases and << merge keys are this file's own: resolve them
	// before its tree meets another file's, where an alias could come
	// before its anchor and a merge key would be taken for a setting (issue
	// #12 items 12 and 13).
	if err := expandAliases(top); err != nil {
		return nil, FieldError{File: name, Line: top.Line, Msg: err.Error()}
	}
	prov.record(top, name)
	return merge(base, top), nil
}

// secondDocument is the line where a second YAML document starts, or 0 if
// the data holds one document (an empty trailing "---" counts as none).
func secondDocument(data []byte) int {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first, second yaml.Node
	if dec.Decode(&first) != nil || dec.Decode(&second) != nil {
		return 0
	}
	if r := root(&second); r != nil && r.Kind != 0 && !(r.Kind == yaml.ScalarNode && r.Tag == "!!null") {
		return max(1, r.Line)
	}
	return 0
}

func isBuiltinRef(ref string) bool {
	return strings.HasPrefix(ref, "builtin:") || (!strings.ContainsAny(ref, `/\`) && !strings.HasSuffix(ref, ".yaml") && !strings.HasSuffix(ref, ".yml"))
}

// cycleError says a file extends itself through a chain; the file whose
// extends closes the cycle turns it into a FieldError with its line.
type cycleError struct{ msg string }

func (e *cycleError) Error() string { return e.msg }

// refError says a scenario reference could not be read.
type refError struct{ err error }

func (e *refError) Error() string { return e.err.Error() }
func (e *refError) Unwrap() error { return e.err }

// read resolves a reference: "builtin:NAME", a bare built-in NAME, or a path.
func read(ref string) (string, []byte, error) {
	name, b, err := readRef(ref)
	if err != nil {
		return "", nil, &refError{err}
	}
	return name, b, nil
}

func readRef(ref string) (string, []byte, error) {
	if isBuiltinRef(ref) {
		n := strings.TrimPrefix(ref, "builtin:")
		if slices.Contains(Builtin(), n) {
			b, err := BuiltinSource(n)
			return "builtin:" + n, b, err
		}
		if strings.HasPrefix(ref, "builtin:") {
			_, err := BuiltinSource(n)
			return "", nil, err
		}
		if _, err := os.Stat(ref); err != nil {
			return "", nil, fmt.Errorf("%q is neither a built-in scenario%s nor a file; built-ins: %s",
				ref, didYouMean(n, Builtin()), strings.Join(Builtin(), ", "))
		}
	}
	b, err := safefile.Read(ref, maxScenarioBytes)
	if err != nil {
		return "", nil, fmt.Errorf("reading scenario: %w", err)
	}
	return ref, b, nil
}

func strictDecode(data []byte, out any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(out)
}

var lineRE = regexp.MustCompile(`line (\d+): `)

// locate turns a yaml error into FieldErrors with key paths, using the node
// tree to find the key at each reported line.
func locate(err error, top *yaml.Node, mk func(path string, line int) FieldError) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var out Errors
	for _, m := range msgs {
		line := 0
		if loc := lineRE.FindStringSubmatchIndex(m); loc != nil {
			line, _ = strconv.Atoi(m[loc[2]:loc[3]])
			m = m[:loc[0]] + m[loc[1]:]
		}
		p := ""
		if top != nil && line > 0 {
			p = pathAtLine(top, line)
		}
		fe := mk(p, line)
		fe.Msg = friendly(m)
		out = append(out, fe)
	}
	return out
}

var (
	notFoundRE = regexp.MustCompile(`field (\S*) not found in type \S+`)
	unmarshRE  = regexp.MustCompile("cannot unmarshal !!(\\w+) `([^`]*)` into (\\S+)")
)

// friendly rewrites yaml.v3's messages in the scenario's terms.
func friendly(m string) string {
	if s := notFoundRE.FindStringSubmatch(m); s != nil {
		return fmt.Sprintf("unknown key %q (see docs/scenarios.md for the keys of this section)", s[1])
	}
	if s := unmarshRE.FindStringSubmatch(m); s != nil {
		want := s[3]
		switch {
		case strings.HasPrefix(want, "float"):
			want = "a number"
		case strings.HasPrefix(want, "int"):
			want = "a whole number"
		case want == "bool":
			want = "true or false"
		case strings.HasPrefix(want, "[]"):
			want = "a list"
		case strings.HasPrefix(want, "map"), strings.HasPrefix(want, "scenarios."):
			want = "a section (key: value pairs)"
		}
		return fmt.Sprintf("expected %s, got %s %q", want, kindName(s[1]), s[2])
	}
	return m
}

func kindName(tag string) string {
	switch tag {
	case "str":
		return "text"
	case "seq":
		return "a list"
	case "map":
		return "a section"
	}
	return tag
}

func keyLine(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

// duplicateIDs finds two records with the same id in one list of one file.
func duplicateIDs(top *yaml.Node) *FieldError {
	var found *FieldError
	walk(top, "", func(p string, _ int, v *yaml.Node) {
		if found != nil || v.Kind != yaml.SequenceNode {
			return
		}
		seen := map[string]int{}
		for _, item := range v.Content {
			id, ok := recordID(item)
			if !ok {
				continue
			}
			if first, dup := seen[id]; dup {
				found = &FieldError{Line: item.Line, Path: joinPath(p, id),
					Msg: fmt.Sprintf("duplicate id %q (first at line %d)", id, first)}
				return
			}
			seen[id] = item.Line
		}
	})
	return found
}

func stripComments(b []byte) []byte {
	var out []byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || bytes.Equal(t, []byte("---")) {
			continue
		}
		out = append(out, line...)
	}
	return out
}
