package studies

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// SummaryTarget is what rejection ABC fits in a saved run (a synthetic
// "history"): the medians of its summary and its UTO share of posts.
func SummaryTarget(dir string) (patterns.Target, error) {
	if err := results.CheckRunDir(dir); err != nil {
		return patterns.Target{}, fmt.Errorf("--target: %w", err)
	}
	var table summary.Table
	if err := results.ReadJSON(filepath.Join(dir, "summary.json"), &table); err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s: %w", dir, err)
	}
	t := patterns.Target{Name: dir, Milestones: map[string]float64{}, Terms: map[string]float64{}}
	for _, r := range table.Rows {
		if r.Median != nil {
			t.Milestones[r.ID] = float64(r.Median.Unix() / 86400)
		}
	}
	for _, tr := range table.Terms {
		if tr.ID == "uto_share_posts" && tr.Median != nil {
			t.Terms[tr.ID] = *tr.Median
		}
	}
	if len(t.Milestones) == 0 {
		return patterns.Target{}, fmt.Errorf("--target %s: no milestone was reached in half its runs", dir)
	}
	return t, nil
}

// SavedRunTarget is the target a saved run makes for SMC (a synthetic
// history whose parameters are known): its scenario is run again with its
// seed and number of runs, and every pattern read from the runs. The share
// of runs in historical order must come out as the run's summary says, or
// the run was written by a model this version does not reproduce.
func SavedRunTarget(ctx context.Context, dir string, workers int) (patterns.Target, error) {
	if err := results.CheckRunDir(dir); err != nil {
		return patterns.Target{}, fmt.Errorf("--target: %w", err)
	}
	var man results.Manifest
	if err := results.ReadJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s: %w", dir, err)
	}
	if !man.Complete || man.Runs < 1 {
		return patterns.Target{}, fmt.Errorf("--target %s: not a complete run directory (manifest.json: complete %v, runs %d)", dir, man.Complete, man.Runs)
	}
	tpl, err := scenarios.NewTemplate(filepath.Join(dir, "scenario.yaml"))
	if err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s:\n%w", dir, err)
	}
	res, err := tpl.Load(nil)
	if err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s:\n%w", dir, err)
	}
	runs, err := sim.Ensemble(ctx, agents.New(res.Scenario), man.Seed, man.Runs, workers, sim.Options{})
	if err != nil {
		return patterns.Target{}, err
	}
	var table summary.Table
	if err := results.ReadJSON(filepath.Join(dir, "summary.json"), &table); err != nil {
		return patterns.Target{}, fmt.Errorf("--target %s: %w", dir, err)
	}
	hist, err := history.Load()
	if err != nil {
		return patterns.Target{}, err
	}
	if again := summary.Summarise(res.Scenario, man.Seed, runs, hist); again.InOrder != table.InOrder {
		return patterns.Target{}, fmt.Errorf("--target %s: run again, its %d runs come in historical order in %.4f of runs, not %.4f as its summary says: it was written by another version of the model",
			dir, man.Runs, again.InOrder, table.InOrder)
	}
	return patterns.FromResults(dir, res.Scenario, runs)
}

// savedGeneration is a generation as the checkpoint keeps it: JSON cannot
// hold the +Inf tolerance of generation 0, so the tolerance is text.
type savedGeneration struct {
	abc.Generation
	Tolerance string `json:"Tolerance"` // shadows Generation.Tolerance
}

// EncodeGeneration is a finished SMC generation as one line of a
// calibration's checkpoint.
func EncodeGeneration(g abc.Generation) (string, error) {
	line, err := json.Marshal(savedGeneration{Generation: g, Tolerance: results.ExactFloat(g.Tolerance)})
	return string(line), err
}

// DecodeGenerations reads back the generations a checkpoint keeps (its
// Done lines), to resume the calibration after them.
func DecodeGenerations(cp *results.Checkpoint) ([]abc.Generation, error) {
	var gens []abc.Generation
	for i, line := range cp.Done() {
		var g savedGeneration
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, fmt.Errorf("%s: line %d: %v: delete the file to start afresh", cp.Path(), i+2, err)
		}
		var err error
		if g.Generation.Tolerance, err = strconv.ParseFloat(g.Tolerance, 64); err != nil {
			return nil, fmt.Errorf("%s: line %d: tolerance %q: delete the file to start afresh", cp.Path(), i+2, g.Tolerance)
		}
		gens = append(gens, g.Generation)
	}
	return gens, nil
}

// StartInfo is what the manifest records of the calibration a refinement
// started from (calibrate --from).
type StartInfo struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// StartFrom is the start population of a calibration that refines an
// earlier one (calibrate --from; abc.Settings.Start): n parameter sets drawn
// from that calibration's posterior (a built-in name, a directory or a
// posterior.csv), which must hold every parameter of params within its
// prior, and what the manifest records of it.
func StartFrom(ref string, params []Param, n int) ([][]float64, *StartInfo, error) {
	post, b, err := LoadPosterior(ref)
	if err != nil {
		return nil, nil, err
	}
	start, err := post.Population(Paths(params), n)
	if err != nil {
		return nil, nil, err
	}
	for i, theta := range start {
		for k, x := range theta {
			if p := params[k]; !(p.Min <= x && x <= p.Max) {
				return nil, nil, fmt.Errorf("%s: set %d has %s = %g, outside its prior %g..%g: start from a calibration with the same priors", ref, i, p.Path, x, p.Min, p.Max)
			}
		}
	}
	sum := sha256.Sum256(b)
	return start, &StartInfo{Name: post.Name, SHA256: hex.EncodeToString(sum[:])}, nil
}

// SMCKey is what makes two SMC calibrations the same one for a checkpoint.
// The stopping rules are not in it: they decide only when to stop, not what
// each generation is, so an interrupted calibration can be carried on with
// a larger budget, or finished early with a smaller one. A start population
// adds its hash; without one the key is what it always was.
func SMCKey(base *scenarios.Resolved, params []Param, target patterns.Target, s SMCSettings, from *StartInfo) []any {
	start := ""
	if from != nil {
		start = "from " + from.SHA256
	}
	return []any{"calibrate-smc", base.Hash, params, target.Key(), s.Patterns,
		s.Particles, s.Seeds, s.Quantile, s.Sampler, s.Moves, s.MaxMoves, s.MaxAttempts, s.Seed, start}
}

// PatternTable scores every pattern of the target before and after a
// calibration (64 runs each, the same streams).
func PatternTable(ctx context.Context, tpl *scenarios.Template, target patterns.Target, s SMCSettings, after []string) (before, afterParts []patterns.Breakdown, err error) {
	score := func(sets []string) ([]patterns.Breakdown, error) {
		res, err := tpl.Load(sets)
		if err != nil {
			return nil, err
		}
		rs, err := sim.Ensemble(ctx, agents.New(res.Scenario), s.Seed, 64, s.Workers, sim.Options{})
		if err != nil {
			return nil, err
		}
		_, _, parts := target.Distance(s.Patterns, res.Scenario, rs)
		return parts, nil
	}
	if before, err = score(nil); err != nil {
		return nil, nil, err
	}
	afterParts, err = score(after)
	return before, afterParts, err
}

// ExtendsRef is how a calibrated scenario names the one it extends: a
// built-in by name, a file by its absolute path.
func ExtendsRef(ref string) (string, error) {
	if slices.Contains(scenarios.Builtin(), ref) {
		return ref, nil
	}
	return filepath.Abs(ref)
}

// DayText writes a day number as a date, "-" for NaN.
func DayText(d float64) string {
	if math.IsNaN(d) {
		return "-"
	}
	return summary.DayDate(d).Format(time.DateOnly)
}

// ErrorText writes a date's error against its target in days, signed.
func ErrorText(d, t float64) string {
	if math.IsNaN(d) {
		return "not reached"
	}
	return fmt.Sprintf("%+.0f", d-t)
}

// WriteFitCSV writes fit.csv: each target milestone's median before and
// after a calibration.
func WriteFitCSV(dir string, fit []FitRow) error {
	rows := [][]string{{"milestone", "target", "before", "before_error_days", "after", "after_error_days"}}
	for _, r := range fit {
		rows = append(rows, []string{r.ID, DayText(r.Target), DayText(r.Before), strings.TrimPrefix(ErrorText(r.Before, r.Target), "+"),
			DayText(r.After), strings.TrimPrefix(ErrorText(r.After, r.Target), "+")})
	}
	return results.WriteCSV(filepath.Join(dir, "fit.csv"), rows)
}

// writeCalibrated writes calibrated.yaml: the scenario extended by the
// posterior means.
func writeCalibrated(dir string, base *scenarios.Resolved, ref string, means, header []string) error {
	extends, err := ExtendsRef(ref)
	if err != nil {
		return err
	}
	fitted, err := scenarios.Overlay(base, extends, base.Scenario.Name+"-calibrated", means, header)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "calibrated.yaml"), fitted, 0o644)
}

// RejectionOutput is a finished rejection calibration, ready to be written.
type RejectionOutput struct {
	Scenario string // as the user named it (a built-in name or a file)
	Base     *scenarios.Resolved
	Params   []Param
	Target   patterns.Target
	Settings RejectionSettings
	Result   *Rejection
	Fit      []FitRow
}

// WriteRejection writes a rejection calibration's data into dir:
// posterior.csv (every draw, its distance, whether kept), calibrated.yaml,
// fit.csv and manifest.json. The figures are the caller's.
func WriteRejection(dir string, o *RejectionOutput, prov Provenance) error {
	rej, s := o.Result, o.Settings
	rows := [][]string{append(append([]string{"draw"}, Paths(o.Params)...), "distance", "accepted")}
	for j := range s.Samples {
		rec := []string{strconv.Itoa(j)}
		for i := range o.Params {
			rec = append(rec, strconv.FormatFloat(rej.Values[j][i], 'g', 10, 64))
		}
		rows = append(rows, append(rec, strconv.FormatFloat(rej.Distance[j], 'g', 6, 64), strconv.FormatBool(rej.Accepted[j])))
	}
	if err := results.WriteCSV(filepath.Join(dir, "posterior.csv"), rows); err != nil {
		return err
	}
	header := []string{
		fmt.Sprintf("Calibrated by rejection ABC against %s (%d draws x %d runs, %d kept).", o.Target.Name, s.Samples, s.Seeds, rej.Kept),
		"Posterior means; their sd and 95% intervals are in manifest.json.",
	}
	if err := writeCalibrated(dir, o.Base, o.Scenario, rej.Means, header); err != nil {
		return err
	}
	if err := WriteFitCSV(dir, o.Fit); err != nil {
		return err
	}
	post := map[string]any{}
	for i, p := range o.Params {
		m := rej.Marginals[i]
		post[p.Path] = map[string]float64{"mean": m.Mean, "sd": m.SD, "lo95": m.Lo95, "hi95": m.Hi95, "prior_min": p.Min, "prior_max": p.Max}
	}
	threshold := rej.Distance[rej.Order[rej.Kept-1]]
	man := map[string]any{"tool": prov.Tool, "version": prov.Version, "vcs_revision": prov.Revision, "command": prov.Command,
		"scenario": o.Scenario, "target": o.Target.Name, "method": "rejection ABC, priors as in the parameter file", "draws": s.Samples,
		"runs_per_draw": s.Seeds, "accepted": rej.Kept, "censored_medians": rej.Censored, "distance_threshold": threshold, "posterior": post,
		"seed": s.Seed, "seed_scheme": sim.SeedScheme + "; run r of every draw is run r (common random numbers); draws from label calibrate-prior",
		"distance": "RMS over target milestones (and UTO share) of |median error|/91 days (or /0.05 share), capped at 4; unreached = 4",
		"complete": true}
	return results.WriteJSONFile(filepath.Join(dir, "manifest.json"), man)
}

// SMCOutput is a finished SMC calibration, ready to be written.
type SMCOutput struct {
	Scenario      string // as the user named it (a built-in name or a file)
	Base          *scenarios.Resolved
	Params        []Param
	Target        patterns.Target
	Settings      SMCSettings
	Result        *abc.Result
	Fit           []FitRow
	Before, After []patterns.Breakdown // PatternTable's
	StartedFrom   *StartInfo           // nil: from the priors
}

// Marginals are the posterior's marginals, parameter by parameter.
func (o *SMCOutput) Marginals() []abc.Marginal {
	post := o.Result.Posterior()
	margs := make([]abc.Marginal, len(o.Params))
	for i := range o.Params {
		margs[i] = post.Marginal(i)
	}
	return margs
}

// Means are the posterior means as settings (path=value), what
// calibrated.yaml sets.
func (o *SMCOutput) Means() []string { return meanSettings(o.Params, o.Marginals()) }

func meanSettings(params []Param, margs []abc.Marginal) []string {
	var means []string
	for i, m := range margs {
		means = append(means, params[i].Path+"="+strconv.FormatFloat(m.Mean, 'g', 6, 64))
	}
	return means
}

// Runs is the number of runs a generation took.
func (o *SMCOutput) Runs(g abc.Generation) int { return g.Simulations * o.Settings.Seeds }

// WriteSMC writes an SMC calibration's data into dir: posterior.csv (the
// last generation's weighted particles), generations.csv, patterns.csv,
// calibrated.yaml, fit.csv and manifest.json. The figures are the caller's.
func WriteSMC(dir string, o *SMCOutput, prov Provenance) error {
	post, s, res := o.Result.Posterior(), o.Settings, o.Result
	rows := [][]string{append(append([]string{"particle"}, Paths(o.Params)...), "weight", "distance")}
	for k, theta := range post.Particles {
		rec := []string{strconv.Itoa(k)}
		for _, x := range theta {
			rec = append(rec, results.ExactFloat(x))
		}
		rows = append(rows, append(rec, results.ExactFloat(post.Weights[k]), results.ExactFloat(post.Distances[k])))
	}
	if err := results.WriteCSV(filepath.Join(dir, "posterior.csv"), rows); err != nil {
		return err
	}
	gens := [][]string{{"generation", "tolerance", "ess", "moves", "simulations", "runs", "acceptance"}}
	for _, g := range res.Generations {
		gens = append(gens, []string{strconv.Itoa(g.Index), results.ExactFloat(g.Tolerance), strconv.FormatFloat(g.ESS, 'f', 1, 64),
			strconv.Itoa(g.Moves), strconv.Itoa(g.Simulations), strconv.Itoa(o.Runs(g)), strconv.FormatFloat(g.Acceptance, 'g', 6, 64)})
	}
	if err := results.WriteCSV(filepath.Join(dir, "generations.csv"), gens); err != nil {
		return err
	}
	pat := [][]string{{"pattern", "weight", "error_before", "error_after"}}
	for i, b := range o.Before {
		pat = append(pat, []string{b.Pattern, results.ExactFloat(b.Weight), strconv.FormatFloat(b.Error, 'g', 6, 64), strconv.FormatFloat(o.After[i].Error, 'g', 6, 64)})
	}
	if err := results.WriteCSV(filepath.Join(dir, "patterns.csv"), pat); err != nil {
		return err
	}
	header := []string{
		fmt.Sprintf("Calibrated by ABC-SMC against %s (%d particles x %d runs, %d generations).", o.Target.Name, s.Particles, s.Seeds, len(res.Generations)),
		"Weighted posterior means; the weighted sample is posterior.csv, its summary manifest.json.",
	}
	margs := o.Marginals()
	if err := writeCalibrated(dir, o.Base, o.Scenario, meanSettings(o.Params, margs), header); err != nil {
		return err
	}
	if err := WriteFitCSV(dir, o.Fit); err != nil {
		return err
	}
	postJSON := map[string]any{}
	for i, p := range o.Params {
		m := margs[i]
		postJSON[p.Path] = map[string]any{"mean": m.Mean, "sd": m.SD, "lo95": m.Lo, "hi95": m.Hi,
			"prior": p.Prior, "prior_min": p.Min, "prior_max": p.Max}
	}
	var genJSON []map[string]any
	for _, g := range res.Generations {
		genJSON = append(genJSON, map[string]any{"generation": g.Index, "tolerance": results.ExactFloat(g.Tolerance), "ess": g.ESS,
			"moves": g.Moves, "simulations": g.Simulations, "runs": o.Runs(g), "acceptance": g.Acceptance})
	}
	var patternNames []map[string]any
	for _, b := range o.Before {
		patternNames = append(patternNames, map[string]any{"pattern": b.Pattern, "weight": b.Weight})
	}
	man := map[string]any{"tool": prov.Tool, "version": prov.Version, "vcs_revision": prov.Revision, "command": prov.Command,
		"scenario": o.Scenario, "target": o.Target.Name,
		"method":    MethodText(s.Sampler),
		"particles": s.Particles, "runs_per_simulation": s.Seeds, "quantile": s.Quantile, "sampler": SamplerName(s.Sampler),
		"moves": map[string]int{"min": s.Moves, "max": s.MaxMoves}, "min_acceptance": s.MinAcceptance,
		"stopping": map[string]any{"tolerance": s.Tolerance, "generations": s.Generations, "runs": s.Runs, "max_attempts": s.MaxAttempts},
		"stopped":  res.Stopped, "simulations": res.Simulations, "runs": res.Simulations * s.Seeds, "generations": genJSON,
		"patterns": patternNames, "posterior": postJSON,
		"seed": s.Seed, "seed_scheme": "proposal streams chacha8(sha256(\"tajikpeace/abc/v1\" | seed | generation | particle | attempt)); each simulation's runs 0..seeds-1 under the master seed its stream draws; " + sim.SeedScheme,
		"distance": fmt.Sprintf("weighted RMS of pattern errors, each capped at %g (docs/model.md, section 13)", patterns.Cap),
		"complete": true}
	if o.StartedFrom != nil {
		man["started_from"] = o.StartedFrom
	}
	return results.WriteJSONFile(filepath.Join(dir, "manifest.json"), man)
}

// SamplerName is a sampler as the command line and the manifest name it.
func SamplerName(s abc.Sampler) string {
	if s == abc.MCMC {
		return "mcmc"
	}
	return "pmc"
}

// MethodText names a sampler's method and its sources, for the manifest.
func MethodText(s abc.Sampler) string {
	if s == abc.MCMC {
		return "ABC-SMC with Metropolis-Hastings moves (Del Moral, Doucet & Jasra 2012), an adaptive number of moves (Drovandi & Pettitt 2011) and an adaptive tolerance"
	}
	return "ABC population Monte Carlo (Beaumont, Cornuet, Marin & Robert 2009) with an adaptive tolerance (Lenormand, Jabot & Deffuant 2013)"
}
