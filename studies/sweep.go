package studies

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/sweep"
)

// Provenance is what a manifest says of the program and the command that
// wrote it.
type Provenance struct {
	Tool     string   `json:"tool"`
	Version  string   `json:"version"`
	Revision string   `json:"vcs_revision"`
	Command  []string `json:"command"`
}

// RunManifest is the manifest of a run's output directory: who wrote it
// (the command line named by the tool, not by its path on this machine),
// the scenario with its hash and files, the master seed and the runs.
func (p Provenance) RunManifest(res *scenarios.Resolved, seed uint64, runs int) results.Manifest {
	command := []string{p.Tool}
	if len(p.Command) > 1 {
		command = append(command, p.Command[1:]...)
	}
	return results.Manifest{
		Tool: p.Tool, Version: p.Version, Revision: p.Revision, GoVersion: runtime.Version(),
		Command: command, Scenario: res.Scenario.Name,
		ScenarioSHA: res.Hash, Files: res.Files, Seed: seed, Runs: runs, SeedScheme: sim.SeedScheme,
	}
}

// SweepManifest records a sweep: its plan, its shard, how far it got.
type SweepManifest struct {
	Provenance
	Plan       sweep.Plan  `json:"plan"`
	Shard      sweep.Shard `json:"shard"`
	Points     int         `json:"points_in_shard"`
	Runs       int         `json:"runs_in_shard"`
	RunsDone   int         `json:"runs_done"`
	SeedScheme string      `json:"seed_scheme"`
	Complete   bool        `json:"complete"`
	Outputs    []string    `json:"outputs"`
}

// SweepSettings describe a new parameter sweep. They mirror the flags of
// `tajikpeace sweep`, and errors name them as flags (--vary, --seeds).
type SweepSettings struct {
	// Scenario is a built-in name or a file; Sets are fixed overrides
	// (path=value) for every run.
	Scenario string
	Sets     []string
	// Vary are the varied parameters: path=from:to:steps or path=v1,v2.
	Vary  []string
	Seeds int // replicates per grid point
	Seed  uint64
	// CRN: replicate r draws the same streams at every point.
	CRN bool
	// Shard runs one slice of the grid (zero: all of it).
	Shard sweep.Shard
	// Posterior, if set, makes every run draw the parameters the sweep does
	// not set from it (see LoadPosterior).
	Posterior string
	// Warn receives notes for the user (which posterior parameters the
	// scenario keeps).
	Warn io.Writer
}

// SweepOptions control how a sweep runs; none changes its results.
type SweepOptions struct {
	Workers int
	// Progress, if set, is told of every finished run; an error from it
	// stops the sweep as an interruption does (the runs so far are kept).
	Progress func(done, total int) error
	// Figures, if set, draws the figures of a complete, unsharded sweep
	// into its directory and returns their file names.
	Figures func(dir string, man SweepManifest) ([]string, error)
}

// Sweep is a checked, laid-out sweep that has not run yet.
type Sweep struct {
	Plan         sweep.Plan
	Shard        sweep.Shard
	Base         *scenarios.Resolved
	Points, Runs int // in the shard
	posteriorCSV []byte
}

// stopped is an interruption asked for by a Progress callback.
type stopped struct{ err error }

func (s *stopped) Error() string { return "stopped: " + s.err.Error() }
func (s *stopped) Unwrap() error { return s.err }

// PlanSweep checks the settings (every varied value must make a valid
// scenario) and lays the sweep out.
func PlanSweep(s SweepSettings) (*Sweep, error) {
	if s.Warn == nil {
		s.Warn = io.Discard
	}
	if len(s.Vary) == 0 {
		return nil, fmt.Errorf("--vary: name at least one parameter to vary (path=from:to:steps or path=v1,v2)")
	}
	if s.Seeds < 1 {
		return nil, fmt.Errorf("--seeds: expected at least 1 replicate per point, got %d", s.Seeds)
	}
	tpl, err := scenarios.NewTemplate(s.Scenario)
	if err != nil {
		return nil, fmt.Errorf("invalid scenario:\n%w", err)
	}
	base, err := tpl.Load(s.Sets)
	if err != nil {
		return nil, fmt.Errorf("invalid scenario:\n%w", err)
	}
	plan := sweep.Plan{Scenario: s.Scenario, Sets: s.Sets, Seeds: s.Seeds, Seed: s.Seed, CRN: s.CRN}
	var post *Posterior
	var postCSV []byte
	if s.Posterior != "" {
		if post, postCSV, err = LoadPosterior(s.Posterior); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(postCSV)
		plan.Posterior = &sweep.PosteriorRef{Name: post.Name, SHA256: hex.EncodeToString(sum[:])}
	}
	// A path varied twice, or varied and set, would have one value win
	// silently and the rows labelled with the other (issue #12 item 16).
	setPaths := map[string]bool{}
	for _, set := range s.Sets {
		k, _, _ := strings.Cut(set, "=")
		setPaths[strings.TrimSpace(k)] = true
	}
	varied := map[string]bool{}
	for _, spec := range s.Vary {
		axis, err := sweep.ParseVary(spec)
		if err != nil {
			return nil, err
		}
		switch {
		case varied[axis.Path]:
			return nil, fmt.Errorf("--vary %s: the path is varied twice; give all its values in one --vary", axis.Path)
		case setPaths[axis.Path]:
			return nil, fmt.Errorf("--vary %s: the path is also given with --set; a varied path takes its values from --vary only", axis.Path)
		}
		varied[axis.Path] = true
		// Every value must make a valid scenario on its own.
		for _, val := range axis.Values {
			if _, err := tpl.Scenario(append(append([]string{}, s.Sets...), axis.Path+"="+val)); err != nil {
				return nil, fmt.Errorf("--vary %s=%s:\n%w", axis.Path, val, scenarios.Relabel(err, "--vary"))
			}
		}
		plan.Grid.Axes = append(plan.Grid.Axes, axis)
	}
	if post != nil {
		// The varied parameters, the --set ones and what the scenario
		// changes are the sweep's own: every run keeps them and draws the
		// rest of the posterior.
		own := slices.Clone(s.Sets)
		for _, a := range plan.Grid.Axes {
			own = append(own, a.Path+"=")
		}
		kept, err := KeptParameters(s.Warn, post, base, own)
		if err != nil {
			return nil, err
		}
		plan.Posterior.Kept = kept
		if err := post.Without(kept).Check(tpl, append(slices.Clone(s.Sets), plan.Grid.Sets(0)...)); err != nil {
			return nil, err
		}
	}
	shard := s.Shard
	if shard.Of == 0 {
		shard = sweep.Shard{Index: 0, Of: 1}
	}
	points := shard.Points(plan.Grid.Points())
	return &Sweep{Plan: plan, Shard: shard, Base: base, Points: len(points), Runs: len(points) * s.Seeds, posteriorCSV: postCSV}, nil
}

// Start writes the sweep's directory dir (which must exist and be empty)
// and runs it, streaming rows to runs.csv and points.csv as runs finish.
// Interrupted (ctx cancelled, or Progress failing), it keeps the finished
// runs and says how to resume; the manifest says how far it got.
func (sw *Sweep) Start(ctx context.Context, dir string, prov Provenance, opts SweepOptions) (SweepManifest, error) {
	man := SweepManifest{Provenance: prov,
		Plan: sw.Plan, Shard: sw.Shard, Points: sw.Points, Runs: sw.Runs, SeedScheme: sim.SeedScheme}
	if err := results.WriteJSONFile(filepath.Join(dir, "manifest.json"), man); err != nil {
		return SweepManifest{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "scenario.yaml"), sw.Base.YAML, 0o644); err != nil {
		return SweepManifest{}, err
	}
	if sw.posteriorCSV != nil {
		if err := os.WriteFile(filepath.Join(dir, "posterior.csv"), sw.posteriorCSV, 0o644); err != nil {
			return SweepManifest{}, err
		}
	}
	layout := sweep.NewLayout(sw.Base.Scenario, sw.Plan.Grid.Paths())
	layout.Draws = sw.Plan.Posterior != nil
	for name, header := range map[string][]string{"runs.csv": layout.RunsHeader(), "points.csv": layout.PointsHeader()} {
		if err := results.WriteCSV(filepath.Join(dir, name), [][]string{header}); err != nil {
			return SweepManifest{}, err
		}
	}
	return continueSweep(ctx, dir, man, layout, layout.NewAccumulator(), 0, opts)
}

// ResumeSweep finishes the interrupted sweep in dir: it keeps the complete
// runs of runs.csv, rebuilds points.csv from them, and runs the rest, with
// the result of an uninterrupted sweep.
func ResumeSweep(ctx context.Context, dir string, opts SweepOptions) (SweepManifest, error) {
	var man SweepManifest
	if err := results.ReadJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return SweepManifest{}, fmt.Errorf("%s is not a sweep output: manifest.json is missing", dir)
		}
		return SweepManifest{}, err
	}
	if man.Complete {
		return SweepManifest{}, fmt.Errorf("%s: the sweep is already complete", dir)
	}
	base, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"), nil)
	if err != nil {
		return SweepManifest{}, fmt.Errorf("the sweep's scenario:\n%w", err)
	}
	layout := sweep.NewLayout(base.Scenario, man.Plan.Grid.Paths())
	layout.Draws = man.Plan.Posterior != nil
	// Stream the kept runs: complete points are summarised again into a new
	// points.csv, the rows of an unfinished point wait for the rest, and a
	// last line cut off mid-write is truncated.
	runsPath := filepath.Join(dir, "runs.csv")
	f, err := os.Open(runsPath)
	if err != nil {
		return SweepManifest{}, err
	}
	r := csv.NewReader(bufio.NewReader(f))
	header, err := r.Read()
	if err != nil || !slices.Equal(header, layout.RunsHeader()) {
		f.Close()
		return SweepManifest{}, fmt.Errorf("%s: line 1: the header does not match the sweep", runsPath)
	}
	seeds := man.Plan.Seeds
	points := [][]string{layout.PointsHeader()}
	acc := layout.NewAccumulator()
	inPoint := 0
	done, keep := 0, r.InputOffset()
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			break // a cut-off last line: drop it
		}
		if len(rec) != len(header) {
			break
		}
		done++
		keep = r.InputOffset()
		if done > man.Runs {
			f.Close()
			return SweepManifest{}, fmt.Errorf("%s: more runs than the sweep's %d", runsPath, man.Runs)
		}
		if err := acc.Add(rec); err != nil {
			f.Close()
			return SweepManifest{}, err
		}
		inPoint++
		if inPoint == seeds {
			sum, err := acc.Row()
			if err != nil {
				f.Close()
				return SweepManifest{}, err
			}
			points = append(points, sum)
			acc, inPoint = layout.NewAccumulator(), 0
		}
	}
	f.Close()
	if err := os.Truncate(runsPath, keep); err != nil {
		return SweepManifest{}, err
	}
	if err := results.WriteCSV(filepath.Join(dir, "points.csv"), points); err != nil {
		return SweepManifest{}, err
	}
	man.RunsDone = done
	return continueSweep(ctx, dir, man, layout, acc, inPoint, opts)
}

// continueSweep runs the shard's runs from man.RunsDone on, appending rows
// and point summaries as they complete, in order; acc holds the summary so
// far of an unfinished point (inPoint runs).
func continueSweep(ctx context.Context, dir string, man SweepManifest, layout sweep.Layout,
	acc *sweep.Accumulator, inPoint int, opts SweepOptions) (_ SweepManifest, err error) {
	plan := man.Plan
	points := man.Shard.Points(plan.Grid.Points())
	runsF, err := os.OpenFile(filepath.Join(dir, "runs.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return man, err
	}
	defer runsF.Close()
	pointsF, err := os.OpenFile(filepath.Join(dir, "points.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return man, err
	}
	defer pointsF.Close()
	runsW, pointsW := csv.NewWriter(bufio.NewWriter(runsF)), csv.NewWriter(bufio.NewWriter(pointsF))

	// Points are built from the sweep's own scenario.yaml (the scenario with
	// --set applied, written when the sweep began), not from plan.Scenario:
	// a resumed sweep must not pick up a file edited since, or fail because
	// it is resumed from another directory.
	tpl, err := scenarios.NewTemplate(filepath.Join(dir, "scenario.yaml"))
	if err != nil {
		return man, fmt.Errorf("the sweep's scenario:\n%w", err)
	}
	// Under a posterior a model is built per grid point and posterior set:
	// key point*sets + set.
	cache := NewModelCache(tpl, plan.Grid.Sets)
	var post *Posterior
	if plan.Posterior != nil {
		if post, _, err = sweepPosterior(dir, plan); err != nil {
			return man, err
		}
		nd := len(post.Draws)
		cache = NewModelCache(tpl, func(key int) []string {
			return append(plan.Grid.Sets(key/nd), post.Sets(key%nd)...)
		})
	}
	modelOf := func(point, stream int) (*sim.Model, int, error) {
		if post == nil {
			m, err := cache.Get(point)
			return m, -1, err
		}
		d := post.Draw(plan.Seed, stream)
		m, err := cache.Get(point*len(post.Draws) + d)
		return m, d, err
	}
	forget := func(point int) {
		if post == nil {
			cache.Forget(point)
			return
		}
		cache.ForgetRange(point*len(post.Draws), (point+1)*len(post.Draws))
	}
	type result struct {
		row []string
		err error
	}
	seeds := plan.Seeds
	done := man.RunsDone
	work := func(k int) result {
		point, rep := points[k/seeds], k%seeds
		stream := plan.Stream(point, rep)
		m, draw, err := modelOf(point, stream)
		if err != nil {
			return result{err: err}
		}
		r := sim.Run(m, plan.Seed, stream, sim.Options{})
		return result{row: layout.Row(point, rep, stream, plan.Seed, plan.Grid.Values(point), r, draw)}
	}
	emit := func(k int, res result) error {
		if res.err != nil {
			return res.err
		}
		if err := runsW.Write(res.row); err != nil {
			return err
		}
		if err := acc.Add(res.row); err != nil {
			return err
		}
		inPoint++
		done = k + 1
		if inPoint == seeds {
			sum, err := acc.Row()
			if err != nil {
				return err
			}
			if err := pointsW.Write(sum); err != nil {
				return err
			}
			forget(points[k/seeds])
			acc, inPoint = layout.NewAccumulator(), 0
		}
		if opts.Progress != nil {
			if err := opts.Progress(done, man.Runs); err != nil {
				return &stopped{err}
			}
		}
		return nil
	}
	runErr := sim.Ordered(ctx, man.RunsDone, man.Runs, opts.Workers, 8*opts.Workers, work, emit)
	for _, w := range []*csv.Writer{runsW, pointsW} {
		w.Flush()
		if err := w.Error(); err != nil {
			return man, err
		}
	}
	for _, f := range []*os.File{runsF, pointsF} {
		if err := f.Sync(); err != nil {
			return man, err
		}
	}
	man.RunsDone = done
	interrupted := runErr != nil && (errors.As(runErr, new(*stopped)) || errors.Is(runErr, context.Canceled))
	if runErr != nil && !interrupted {
		_ = results.WriteJSONFile(filepath.Join(dir, "manifest.json"), man)
		return man, runErr
	}
	if interrupted {
		if err := results.WriteJSONFile(filepath.Join(dir, "manifest.json"), man); err != nil {
			return man, err
		}
		return man, fmt.Errorf("interrupted after %d of %d runs; the finished runs are kept in %s, whose manifest says it is incomplete: finish with 'tajikpeace sweep --resume %s'",
			done, man.Runs, dir, dir)
	}
	man.Complete = true
	man.Outputs = []string{"scenario.yaml", "runs.csv", "points.csv"}
	if plan.Posterior != nil {
		man.Outputs = append(man.Outputs, "posterior.csv")
	}
	if opts.Figures != nil && man.Shard.Of == 1 {
		figs, err := opts.Figures(dir, man)
		if err != nil {
			return man, err
		}
		man.Outputs = append(man.Outputs, figs...)
	}
	if err := results.WriteDataPackage(dir, filepath.Base(dir)); err != nil {
		return man, err
	}
	if err := results.WriteJSONFile(filepath.Join(dir, "manifest.json"), man); err != nil {
		return man, err
	}
	return man, nil
}

// MergeSweeps checks that the shard directories dirs come from one plan and
// cover the grid once, interleaves their rows by grid point, and writes the
// merged sweep into out (which the caller has locked; force replaces it),
// the same bytes as the unsharded sweep.
func MergeSweeps(dirs []string, out string, force bool, prov Provenance, figures func(dir string, man SweepManifest) ([]string, error)) (_ SweepManifest, err error) {
	// --out --force replaces the output directory: it must not be one of
	// the shards being read (issue #12 item 2: it deleted its own input).
	outAbs, err := results.SamePath(out)
	if err != nil {
		return SweepManifest{}, err
	}
	for _, d := range dirs {
		dAbs, err := results.SamePath(d)
		if err != nil {
			return SweepManifest{}, err
		}
		if dAbs == outAbs {
			return SweepManifest{}, fmt.Errorf("--out %s is one of the shards being merged: write the merge elsewhere", out)
		}
	}
	var mans []SweepManifest
	for _, d := range dirs {
		var m SweepManifest
		if err := results.ReadJSON(filepath.Join(d, "manifest.json"), &m); err != nil {
			return SweepManifest{}, fmt.Errorf("%s is not a sweep output: %w", d, err)
		}
		if m.Shard.Of < 1 || m.Plan.Grid.Points() < 1 {
			// A run or compare directory has a manifest too, without a
			// sweep's plan (issue #12 item 4: merge indexed into it).
			return SweepManifest{}, fmt.Errorf("%s is not a sweep output: its manifest has no sweep plan (a run, compare or calibrate directory?)", d)
		}
		if !m.Complete {
			return SweepManifest{}, fmt.Errorf("%s: the shard is incomplete: finish it with 'tajikpeace sweep --resume %s'", d, d)
		}
		mans = append(mans, m)
	}
	ref, _ := json2(mans[0].Plan)
	seen := map[int]string{}
	for i, m := range mans {
		if p, _ := json2(m.Plan); p != ref {
			return SweepManifest{}, fmt.Errorf("%s and %s come from different sweeps (their plans differ)", dirs[0], dirs[i])
		}
		if m.Shard.Of != mans[0].Shard.Of {
			return SweepManifest{}, fmt.Errorf("%s is shard %d/%d, %s of %d shards", dirs[i], m.Shard.Index, m.Shard.Of, dirs[0], mans[0].Shard.Of)
		}
		if prev, dup := seen[m.Shard.Index]; dup {
			return SweepManifest{}, fmt.Errorf("%s and %s are the same shard %d/%d", prev, dirs[i], m.Shard.Index, m.Shard.Of)
		}
		seen[m.Shard.Index] = dirs[i]
	}
	for i := range mans[0].Shard.Of {
		if _, ok := seen[i]; !ok {
			return SweepManifest{}, fmt.Errorf("shard %d/%d is missing", i, mans[0].Shard.Of)
		}
	}
	// Equal plans name the same scenario file, but shards of a cluster job
	// may start hours apart, and the file may have been edited between them:
	// each shard's own copy must be the same.
	first, err := os.ReadFile(filepath.Join(dirs[0], "scenario.yaml"))
	if err != nil {
		return SweepManifest{}, fmt.Errorf("%s: %w", dirs[0], err)
	}
	for _, d := range dirs[1:] {
		other, err := os.ReadFile(filepath.Join(d, "scenario.yaml"))
		if err != nil {
			return SweepManifest{}, fmt.Errorf("%s: %w", d, err)
		}
		if !bytes.Equal(first, other) {
			return SweepManifest{}, fmt.Errorf("%s and %s ran different scenarios (their scenario.yaml differ: was %s edited between the shards?)",
				dirs[0], d, mans[0].Plan.Scenario)
		}
	}
	base, err := scenarios.Load(filepath.Join(dirs[0], "scenario.yaml"), nil)
	if err != nil {
		return SweepManifest{}, fmt.Errorf("the sweep's scenario:\n%w", err)
	}
	plan := mans[0].Plan
	layout := sweep.NewLayout(base.Scenario, plan.Grid.Paths())
	layout.Draws = plan.Posterior != nil
	var posteriorCSV []byte
	if plan.Posterior != nil {
		// Equal plans carry the same hash; each shard's copy must match it.
		for _, d := range dirs {
			if _, b, err := sweepPosterior(d, plan); err != nil {
				return SweepManifest{}, err
			} else {
				posteriorCSV = b
			}
		}
	}
	if force {
		os.RemoveAll(out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return SweepManifest{}, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(out)
		}
	}()
	if err := os.WriteFile(filepath.Join(out, "scenario.yaml"), base.YAML, 0o644); err != nil {
		return SweepManifest{}, err
	}
	if posteriorCSV != nil {
		if err := os.WriteFile(filepath.Join(out, "posterior.csv"), posteriorCSV, 0o644); err != nil {
			return SweepManifest{}, err
		}
	}
	// Point p lives in shard p % n, as its (p / n)-th point, its runs in
	// replicate order: the shards interleave as streams, in flat memory.
	n, total := mans[0].Shard.Of, plan.Grid.Points()
	runsIn := make([]*results.CSVReader, n)
	pointsIn := make([]*results.CSVReader, n)
	for i, d := range dirs {
		s := mans[i].Shard.Index
		if runsIn[s], err = results.OpenCSV(filepath.Join(d, "runs.csv"), layout.RunsHeader(), "the sweep"); err != nil {
			return SweepManifest{}, err
		}
		defer runsIn[s].Close()
		if pointsIn[s], err = results.OpenCSV(filepath.Join(d, "points.csv"), layout.PointsHeader(), "the sweep"); err != nil {
			return SweepManifest{}, err
		}
		defer pointsIn[s].Close()
	}
	runsOut, err := results.CreateCSV(filepath.Join(out, "runs.csv"), layout.RunsHeader())
	if err != nil {
		return SweepManifest{}, err
	}
	pointsOut, err := results.CreateCSV(filepath.Join(out, "points.csv"), layout.PointsHeader())
	if err != nil {
		return SweepManifest{}, err
	}
	for p := range total {
		s := p % n
		for range plan.Seeds {
			rec, err := runsIn[s].Read()
			if err != nil {
				return SweepManifest{}, fmt.Errorf("shard %d/%d lacks the runs of grid point %d: %w", s, n, p, err)
			}
			if err := runsOut.Write(rec); err != nil {
				return SweepManifest{}, err
			}
		}
		rec, err := pointsIn[s].Read()
		if err != nil {
			return SweepManifest{}, fmt.Errorf("shard %d/%d lacks the summary of grid point %d: %w", s, n, p, err)
		}
		if err := pointsOut.Write(rec); err != nil {
			return SweepManifest{}, err
		}
	}
	for _, w := range []*results.CSVWriter{runsOut, pointsOut} {
		if err := w.Close(); err != nil {
			return SweepManifest{}, err
		}
	}
	man := mans[0]
	man.Shard, man.Points, man.Runs, man.RunsDone = sweep.Shard{Index: 0, Of: 1}, total, total*plan.Seeds, total*plan.Seeds
	man.Command, man.Complete = prov.Command, true
	man.Outputs = []string{"scenario.yaml", "runs.csv", "points.csv"}
	if figures != nil {
		figs, err := figures(out, man)
		if err != nil {
			return SweepManifest{}, err
		}
		man.Outputs = append(man.Outputs, figs...)
	}
	if err := results.WriteDataPackage(out, filepath.Base(out)); err != nil {
		return SweepManifest{}, err
	}
	if err := results.WriteJSONFile(filepath.Join(out, "manifest.json"), man); err != nil {
		return SweepManifest{}, err
	}
	return man, nil
}

func json2(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// sweepPosterior reads the copy of the posterior a sweep directory keeps
// and checks it against the plan's hash.
func sweepPosterior(dir string, plan sweep.Plan) (*Posterior, []byte, error) {
	path := filepath.Join(dir, "posterior.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("the sweep's posterior: %w", err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != plan.Posterior.SHA256 {
		return nil, nil, fmt.Errorf("%s is not the posterior the sweep began with (%s): its hash differs", path, plan.Posterior.Name)
	}
	p, err := ParsePosterior(path, b)
	if err != nil {
		return nil, nil, err
	}
	return p.Without(plan.Posterior.Kept), b, nil
}

// ModelCache builds each grid point's model once, while its runs are in
// flight, and forgets it when the point is summarised. The scenario is read
// once (a scenarios.Template): every point sees the same file, and a point
// that changes only numbers skips the text round trip of a full load.
type ModelCache struct {
	mu       sync.Mutex
	entries  map[int]*modelEntry
	template *scenarios.Template
	sets     func(point int) []string // the overrides of a point
	label    func(point int) string   // names a point in an error
}

// NewModelCache builds models from tpl with the overrides sets(point).
func NewModelCache(tpl *scenarios.Template, sets func(point int) []string) *ModelCache {
	return &ModelCache{entries: map[int]*modelEntry{}, template: tpl, sets: sets,
		label: func(point int) string { return fmt.Sprintf("grid point %d", point) }}
}

type modelEntry struct {
	once sync.Once
	m    *sim.Model
	err  error
}

// Get is the model of point, built once.
func (c *ModelCache) Get(point int) (*sim.Model, error) {
	c.mu.Lock()
	e, ok := c.entries[point]
	if !ok {
		e = &modelEntry{}
		c.entries[point] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		sc, err := c.template.Scenario(c.sets(point))
		if err != nil {
			e.err = fmt.Errorf("%s:\n%w", c.label(point), err)
			return
		}
		e.m = agents.New(sc)
	})
	return e.m, e.err
}

// Forget lets the model of point go.
func (c *ModelCache) Forget(point int) {
	c.mu.Lock()
	delete(c.entries, point)
	c.mu.Unlock()
}

// ForgetRange forgets the models of keys from..to-1.
func (c *ModelCache) ForgetRange(from, to int) {
	c.mu.Lock()
	for k := range c.entries {
		if k >= from && k < to {
			delete(c.entries, k)
		}
	}
	c.mu.Unlock()
}
