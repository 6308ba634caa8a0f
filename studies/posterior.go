package studies

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tajikpeace/tajikpeace/internal/safefile"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Posterior is a weighted sample of parameter sets: the posterior.csv a
// calibration writes (a column per parameter path, a weight column, and
// any others, which are ignored).
type Posterior struct {
	Name string
	// Base is the scenario the posterior was fitted to ("" if unknown): a
	// scenario run under it keeps its own value of a parameter it changes
	// against Base (see Overridden).
	Base    string
	Paths   []string
	Draws   [][]float64
	Weights []float64 // normalised to sum to 1
	// cumulative holds the running sums of Weights, for drawing.
	cumulative []float64
}

// ParsePosterior reads a posterior.csv. name labels errors and outputs.
// Rejection ABC's file (an accepted column, no weights) gives its accepted
// draws equal weights.
func ParsePosterior(name string, b []byte) (*Posterior, error) {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: expected a header and at least one parameter set", name)
	}
	header := rows[0]
	p := &Posterior{Name: name}
	weightCol, acceptedCol := -1, -1
	var cols []int
	for i, h := range header {
		switch {
		case h == "weight":
			weightCol = i
		case h == "accepted":
			acceptedCol = i
		case strings.Contains(h, "."):
			p.Paths = append(p.Paths, h)
			cols = append(cols, i)
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: line 1: no parameter column (a key path such as observers.russia.interests.taliban)", name)
	}
	if weightCol < 0 && acceptedCol < 0 {
		return nil, fmt.Errorf("%s: line 1: expected a weight column (ABC-SMC) or an accepted column (rejection ABC)", name)
	}
	total := 0.0
	for n, row := range rows[1:] {
		line := n + 2
		w := 1.0
		if weightCol >= 0 {
			if w, err = strconv.ParseFloat(row[weightCol], 64); err != nil || !(w >= 0) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("%s: line %d: weight %q: expected a finite number >= 0", name, line, row[weightCol])
			}
		} else if row[acceptedCol] != "true" {
			continue
		}
		draw := make([]float64, len(cols))
		for k, c := range cols {
			x, err := strconv.ParseFloat(row[c], 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("%s: line %d: %s %q: expected a finite number", name, line, header[c], row[c])
			}
			draw[k] = x
		}
		p.Draws = append(p.Draws, draw)
		p.Weights = append(p.Weights, w)
		total += w
	}
	if !(total > 0) {
		return nil, fmt.Errorf("%s: no parameter set has any weight", name)
	}
	if math.IsInf(total, 1) {
		return nil, fmt.Errorf("%s: the weights sum beyond the largest number: scale them down", name)
	}
	c := 0.0
	for i := range p.Weights {
		p.Weights[i] /= total
		c += p.Weights[i]
		p.cumulative = append(p.cumulative, c)
	}
	return p, nil
}

// Draw is the parameter set run run of an ensemble under master seed seed
// takes: chosen by weight with the run's own stream (label "posterior"), so
// it depends on nothing but the seed and the run index — not on the
// scenario, the number of workers or the shard. Two scenarios run under the
// same posterior and seed pair their runs by draw and by noise.
func (p *Posterior) Draw(seed uint64, run int) int {
	u := sim.Stream(seed, run, "posterior").Float64()
	i, _ := slices.BinarySearch(p.cumulative, u)
	for i < len(p.cumulative)-1 && p.Weights[i] == 0 {
		i++ // a zero weight is never drawn
	}
	return min(i, len(p.Draws)-1)
}

// Population is n parameter sets taken from the posterior by weight with
// systematic resampling (slot i at (i+½)/n of the cumulative weight),
// each in the order of paths: the start of a calibration that refines this
// one (abc.Settings.Start). A path the posterior lacks is an error.
func (p *Posterior) Population(paths []string, n int) ([][]float64, error) {
	cols := make([]int, len(paths))
	for k, path := range paths {
		cols[k] = slices.Index(p.Paths, path)
		if cols[k] < 0 {
			return nil, fmt.Errorf("%s does not have the parameter %s: a calibration can start only from one of the same parameters", p.Name, path)
		}
	}
	out := make([][]float64, n)
	for i := range out {
		u := (float64(i) + 0.5) / float64(n)
		j, _ := slices.BinarySearch(p.cumulative, u)
		j = min(j, len(p.Draws)-1)
		out[i] = make([]float64, len(paths))
		for k, c := range cols {
			out[i][k] = p.Draws[j][c]
		}
	}
	return out, nil
}

// Sets are draw i as --set overrides.
func (p *Posterior) Sets(i int) []string {
	sets := make([]string, len(p.Paths))
	for k, path := range p.Paths {
		sets[k] = path + "=" + strconv.FormatFloat(p.Draws[i][k], 'g', -1, 64)
	}
	return sets
}

// Check refuses a posterior the template cannot take (a path it does not
// have).
func (p *Posterior) Check(tpl *scenarios.Template, sets []string) error {
	if _, err := tpl.Scenario(append(slices.Clone(sets), p.Sets(0)...)); err != nil {
		return fmt.Errorf("posterior %s:\n%w", p.Name, err)
	}
	return nil
}

// Without is the posterior without the parameters at paths: its runs take
// those from the scenario. The draws are those of the whole posterior (the
// weights are unchanged), so runs stay paired with any other scenario run
// under it.
func (p *Posterior) Without(paths []string) *Posterior {
	q := &Posterior{Name: p.Name, Base: p.Base, Weights: p.Weights, cumulative: p.cumulative}
	var keep []int
	for k, path := range p.Paths {
		if !slices.Contains(paths, path) {
			keep = append(keep, k)
			q.Paths = append(q.Paths, path)
		}
	}
	for _, d := range p.Draws {
		row := make([]float64, len(keep))
		for j, k := range keep {
			row[j] = d[k]
		}
		q.Draws = append(q.Draws, row)
	}
	return q
}

// Overridden lists the parameters of the posterior that a scenario sets
// itself: those it changes against the scenario the posterior was fitted to
// (base; nil if unknown), and those given as overrides (sets, --set or a
// sweep's --vary paths). A counterfactual such as "Russia turns early" is a
// change of such a parameter: drawing it from the posterior would erase the
// question. Its runs keep the scenario's value and draw the rest.
func Overridden(p *Posterior, base, scen *scenarios.Resolved, sets []string) ([]string, error) {
	changed := map[string]bool{}
	if base != nil {
		diff, err := scenarios.Diff(base, scen)
		if err != nil {
			return nil, err
		}
		for _, c := range diff {
			changed[c.Path] = true
		}
	}
	for _, s := range sets {
		path, _, _ := strings.Cut(s, "=")
		changed[strings.TrimSpace(path)] = true
	}
	var out []string
	for _, path := range p.Paths {
		if changed[path] {
			out = append(out, path)
		}
	}
	return out, nil
}

// Models builds the model of each posterior draw once, on demand, safe for
// concurrent use: a ModelCache keyed by draw.
type Models struct {
	*ModelCache
	post *Posterior
}

// NewModels prepares the models of post's draws on tpl with the user's sets.
func NewModels(tpl *scenarios.Template, sets []string, post *Posterior) *Models {
	c := NewModelCache(tpl, func(i int) []string { return append(slices.Clone(sets), post.Sets(i)...) })
	c.label = func(i int) string { return fmt.Sprintf("posterior %s, draw %d", post.Name, i) }
	return &Models{ModelCache: c, post: post}
}

// PosteriorEnsemble plays runs 0..n-1, run i under the posterior draw
// Draw(seed, i), and returns the results with each run's draw. The results
// do not depend on workers.
func PosteriorEnsemble(ctx context.Context, ms *Models, seed uint64, n, workers int) ([]*sim.Result, []int, error) {
	results := make([]*sim.Result, n)
	draws := make([]int, n)
	type out struct {
		r    *sim.Result
		draw int
		err  error
	}
	err := sim.Ordered(ctx, 0, n, workers, 8*max(1, workers),
		func(i int) out {
			d := ms.post.Draw(seed, i)
			m, err := ms.Get(d)
			if err != nil {
				return out{err: err}
			}
			return out{r: sim.Run(m, seed, i, sim.Options{}), draw: d}
		},
		func(i int, o out) error {
			if o.err != nil {
				return o.err
			}
			results[i], draws[i] = o.r, o.draw
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	return results, draws, nil
}

// LoadPosterior reads a posterior by reference: a built-in name (see
// scenarios.BuiltinPosteriors), a calibration's output directory (its
// posterior.csv) or a posterior.csv file. It returns the posterior and the
// bytes it was read from (for a manifest's hash).
func LoadPosterior(ref string) (*Posterior, []byte, error) {
	if b, ok := scenarios.BuiltinPosterior(ref); ok {
		p, err := ParsePosterior("builtin:"+ref, b)
		if p != nil {
			p.Base = scenarios.BuiltinPosteriorBase
		}
		return p, b, err
	}
	path := ref
	if st, err := os.Stat(ref); err == nil && st.IsDir() {
		path = filepath.Join(ref, "posterior.csv")
	}
	// A calibration's manifest beside its posterior.csv names the scenario
	// it was fitted to.
	var man struct {
		Scenario string `json:"scenario"`
	}
	if b, err := safefile.Read(filepath.Join(filepath.Dir(path), "manifest.json"), 1<<24); err == nil {
		_ = json.Unmarshal(b, &man)
	}
	b, err := safefile.Read(path, maxPosteriorBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("--posterior %s: %w (built-in posteriors: %s)", ref, err, strings.Join(scenarios.BuiltinPosteriors(), ", "))
	}
	p, err := ParsePosterior(path, b)
	if p != nil {
		p.Base = man.Scenario
	}
	return p, b, err
}

// maxPosteriorBytes bounds what LoadPosterior reads: a posterior of
// 100,000 sets of a hundred parameters is well under it.
const maxPosteriorBytes = 256 << 20
