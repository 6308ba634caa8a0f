package sweep

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Axis is one varied parameter and its values, as --set would write them.
type Axis struct {
	Path    string   `json:"path"`
	Values  []string `json:"values"`
	Numeric bool     `json:"numeric"`
}

// MaxSteps bounds the steps of one numeric axis, so that a typo cannot
// allocate a billion values before the run budget is checked.
const MaxSteps = 100_000

// ParseVary reads "path=from:to:steps" (steps evenly spaced numbers, ends
// included) or "path=v1,v2,v3".
func ParseVary(spec string) (Axis, error) {
	path, vals, ok := strings.Cut(spec, "=")
	path = strings.TrimSpace(path)
	if !ok || path == "" || strings.TrimSpace(vals) == "" {
		return Axis{}, fmt.Errorf("--vary %q: expected path=from:to:steps or path=v1,v2,...", spec)
	}
	if parts := strings.Split(vals, ":"); len(parts) == 3 {
		from, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
		to, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		steps, err3 := strconv.Atoi(strings.TrimSpace(parts[2]))
		switch {
		case err1 != nil || err2 != nil || math.IsNaN(from) || math.IsInf(from, 0) || math.IsNaN(to) || math.IsInf(to, 0):
			return Axis{}, fmt.Errorf("--vary %s: the range %q needs finite numbers, as from:to:steps", path, vals)
		case err3 != nil || steps < 1:
			return Axis{}, fmt.Errorf("--vary %s: the range %q is empty: steps must be a whole number of at least 1", path, vals)
		case steps > MaxSteps:
			return Axis{}, fmt.Errorf("--vary %s: %d steps on one axis: at most %d", path, steps, MaxSteps)
		case to < from:
			return Axis{}, fmt.Errorf("--vary %s: the range %q is reversed: %g is above %g", path, vals, from, to)
		case steps == 1 && to != from:
			return Axis{}, fmt.Errorf("--vary %s: one step cannot span %g to %g", path, from, to)
		}
		a := Axis{Path: path, Numeric: true}
		for k := range steps {
			x := from
			if steps > 1 {
				x = from + (to-from)*float64(k)/float64(steps-1)
			}
			a.Values = append(a.Values, strconv.FormatFloat(x, 'g', 10, 64))
		}
		return a, nil
	}
	if n := strings.Count(vals, ":"); n > 0 && !strings.Contains(vals, ",") {
		// "0.5:0.9" read as one value, then refused by the scenario as text
		// under a --set label (issue #12 item 20).
		return Axis{}, fmt.Errorf("--vary %s: the range %q has %d parts: a range is from:to:steps (three), a list v1,v2,...", path, vals, n+1)
	}
	a := Axis{Path: path, Numeric: true}
	for _, v := range strings.Split(vals, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return Axis{}, fmt.Errorf("--vary %s: empty value in %q", path, vals)
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			a.Numeric = false
		}
		a.Values = append(a.Values, v)
	}
	return a, nil
}

// Grid is the Cartesian product of the axes; the last axis varies fastest.
type Grid struct {
	Axes []Axis `json:"axes"`
}

// Points is the number of grid points.
func (g Grid) Points() int {
	n := 1
	for _, a := range g.Axes {
		n *= len(a.Values)
	}
	return n
}

// Paths are the varied parameters, in the order of the axes.
func (g Grid) Paths() []string {
	var out []string
	for _, a := range g.Axes {
		out = append(out, a.Path)
	}
	return out
}

// Values are the parameter values of point p.
func (g Grid) Values(p int) []string {
	out := make([]string, len(g.Axes))
	for i := len(g.Axes) - 1; i >= 0; i-- {
		n := len(g.Axes[i].Values)
		out[i] = g.Axes[i].Values[p%n]
		p /= n
	}
	return out
}

// Sets are the --set overrides of point p.
func (g Grid) Sets(p int) []string {
	var out []string
	for i, v := range g.Values(p) {
		out = append(out, g.Axes[i].Path+"="+v)
	}
	return out
}

// Plan is everything that defines a sweep's results; it is recorded in the
// manifest, and a resumed sweep or a merge checks it.
type Plan struct {
	Scenario string   `json:"scenario"`
	Sets     []string `json:"sets"`
	Grid     Grid     `json:"grid"`
	Seeds    int      `json:"seeds_per_point"`
	Seed     uint64   `json:"master_seed"`
	// CRN gives every grid point the same streams (common random numbers):
	// replicate r of every point draws as run r does.
	CRN bool `json:"common_random_numbers"`
	// Posterior, if set, is the posterior every run draws its parameters
	// from (a copy, posterior.csv, sits in the sweep's directory): run
	// (point, replicate) takes the set its stream index picks, so under
	// CRN replicate r takes the same set at every point.
	Posterior *PosteriorRef `json:"posterior,omitempty"`
}

// PosteriorRef names a posterior and the SHA-256 of its posterior.csv.
type PosteriorRef struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	// Kept are the posterior's parameters the sweep sets itself (varied,
	// --set, or changed by its scenario): every run keeps those.
	Kept []string `json:"kept_from_sweep,omitempty"`
}

// Stream is the run index whose streams run (point, replicate) draws: with
// common random numbers the replicate, otherwise point*Seeds + replicate.
// `tajikpeace run SCENARIO --set ... --seed SEED --run STREAM` re-runs it alone.
func (pl Plan) Stream(point, rep int) int {
	if pl.CRN {
		return rep
	}
	return point*pl.Seeds + rep
}

// Shard is one slice of the grid: points p with p % Of == Index.
type Shard struct {
	Index, Of int
}

// ParseShard reads "i/n" (0 <= i < n).
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("--shard %q: expected i/n with 0 <= i < n (e.g. 0/4 ... 3/4)", s)
	}
	return Shard{i, n}, nil
}

// Points lists the grid points of the shard, in order.
func (s Shard) Points(total int) []int {
	var out []int
	for p := s.Index; p < total; p += max(1, s.Of) {
		out = append(out, p)
	}
	return out
}
