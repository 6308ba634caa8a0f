package studies

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tajikpeace/tajikpeace/internal/safefile"
	"github.com/tajikpeace/tajikpeace/paramtable"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
)

// paramFile is a file of parameters to study: their paths and ranges.
type paramFile struct {
	Params []paramEntry `yaml:"params"`
}

// paramEntry is one parameter as written; a range left out comes from the
// table of calibratable parameters in docs/model.md.
type paramEntry struct {
	Path  string   `yaml:"path"`
	Min   *float64 `yaml:"min"`
	Max   *float64 `yaml:"max"`
	Prior string   `yaml:"prior,omitempty"` // uniform (default) or normal
	Mean  *float64 `yaml:"mean,omitempty"`  // normal prior, truncated to the range
	SD    *float64 `yaml:"sd,omitempty"`
}

// ReadParams reads and checks a parameter file against the scenario.
func ReadParams(path string, tpl *scenarios.Template) ([]Param, error) {
	b, err := safefile.Read(path, 1<<20)
	if err != nil {
		return nil, fmt.Errorf("parameter file: %w", err)
	}
	var pf paramFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&pf); err != nil {
		return nil, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(pf.Params) == 0 {
		return nil, fmt.Errorf("%s: params: expected at least one parameter (path, min, max)", path)
	}
	table := paramtable.Rows()
	seen := map[string]bool{}
	var out []Param
	for i, e := range pf.Params {
		where := fmt.Sprintf("%s: params.%d (%s)", path, i, e.Path)
		if e.Path == "" {
			return nil, fmt.Errorf("%s: expected a key path", where)
		}
		if seen[e.Path] {
			return nil, fmt.Errorf("%s: the parameter is listed twice", where)
		}
		seen[e.Path] = true
		if scenarios.WholeNumber(e.Path) {
			// Draws are continuous; the scenario would refuse 6.2 weeks.
			return nil, fmt.Errorf("%s: a whole-number setting cannot be drawn from a continuous prior; sweep it instead (tajikpeace sweep --vary %s=A:B:N)", where, e.Path)
		}
		p := Param{Path: e.Path, Prior: cmp.Or(e.Prior, "uniform")}
		switch {
		case e.Min != nil && e.Max != nil:
			p.Min, p.Max = *e.Min, *e.Max
		case e.Min == nil && e.Max == nil:
			k := slices.IndexFunc(table, func(c paramtable.Row) bool { return c.Path == e.Path })
			if k < 0 {
				return nil, fmt.Errorf("%s: give min and max: the path is not in the table of calibratable parameters (docs/model.md, section 10)", where)
			}
			p.Min, p.Max = table[k].Min, table[k].Max
		default:
			return nil, fmt.Errorf("%s: give both min and max, or neither (to take the range of docs/model.md)", where)
		}
		if math.IsInf(p.Max-p.Min, 0) { // an infinite end, or a width beyond float64
			return nil, fmt.Errorf("%s: the range %g..%g must be finite", where, p.Min, p.Max)
		}
		if !(p.Min < p.Max) {
			return nil, fmt.Errorf("%s: the range %g..%g is empty: min must be below max", where, p.Min, p.Max)
		}
		switch p.Prior {
		case "uniform":
			if e.Mean != nil || e.SD != nil {
				return nil, fmt.Errorf("%s: mean and sd go with prior: normal", where)
			}
		case "normal":
			if e.Mean == nil || e.SD == nil || !(*e.SD > 0) || math.IsInf(*e.SD, 0) {
				return nil, fmt.Errorf("%s: a normal prior needs a mean and a finite sd above 0", where)
			}
			if !(p.Min <= *e.Mean && *e.Mean <= p.Max) {
				return nil, fmt.Errorf("%s: the prior's mean %g is outside the range %g..%g", where, *e.Mean, p.Min, p.Max)
			}
			p.Mean, p.SD = *e.Mean, *e.SD
		default:
			return nil, fmt.Errorf("%s: prior %q: expected uniform or normal", where, p.Prior)
		}
		for _, v := range []float64{p.Min, p.Max} {
			if _, err := tpl.Scenario([]string{p.Path + "=" + strconv.FormatFloat(v, 'g', -1, 64)}); err != nil {
				return nil, fmt.Errorf("%s:\n%w", where, err)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// AllParams is every calibratable parameter of the table in docs/model.md
// (section 10) that a continuous prior can draw, with the table's range and
// a uniform prior.
func AllParams(tpl *scenarios.Template) ([]Param, error) {
	table := paramtable.Rows()
	var out []Param
	for _, c := range table {
		if scenarios.WholeNumber(c.Path) {
			continue
		}
		if _, err := tpl.Scenario([]string{c.Path + "=" + results.ExactFloat(c.Min)}); err != nil {
			continue // a parameter this scenario does not have (an observer left out)
		}
		out = append(out, Param{Path: c.Path, Min: c.Min, Max: c.Max, Prior: "uniform"})
	}
	return out, nil
}
