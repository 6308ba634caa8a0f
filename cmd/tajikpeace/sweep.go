package main

import (
	"bufio"
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
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/sweep"
)

// sweepManifest records a sweep: its plan, its shard, how far it got.
type sweepManifest struct {
	Tool       string      `json:"tool"`
	Version    string      `json:"version"`
	Revision   string      `json:"vcs_revision"`
	Command    []string    `json:"command"`
	Plan       sweep.Plan  `json:"plan"`
	Shard      sweep.Shard `json:"shard"`
	Points     int         `json:"points_in_shard"`
	Runs       int         `json:"runs_in_shard"`
	RunsDone   int         `json:"runs_done"`
	SeedScheme string      `json:"seed_scheme"`
	Complete   bool        `json:"complete"`
	Outputs    []string    `json:"outputs"`
}

// errStopped is the simulated interruption of --stop-after (for tests).
var errStopped = errors.New("stopped")

func newSweepCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sweep [SCENARIO] --vary path=from:to:steps [--vary path=v1,v2] --seeds N",
		Short: "Sweep parameters: N seeded runs at every point of a grid",
		Long: `Run the Cartesian grid of the varied parameters, --seeds replicates per grid
point, on all cores. Results stream to disk as runs finish (memory stays
flat): runs.csv has a row per run (point, replicate, the stream index that
seeds it, the parameter values, each milestone's date, the agreed terms);
points.csv a row per grid point (the share of runs reaching each milestone
and the share with a General Agreement by the end of 1997, with Wilson
intervals, the median and 10-90% of its date, each term's mean with an
interval). Both are identical whatever the number of workers.

Seeding: run (point p, replicate r) draws the streams of run index
p*seeds + r of the master seed, or, with --crn, of run index r at every
point (common random numbers). 'tajikpeace run SCENARIO --set PATH=VALUE ...
--seed SEED --run STREAM' re-runs any row alone.

Ctrl-C stops cleanly: finished runs are kept, the manifest says the sweep is
incomplete, and 'tajikpeace sweep --resume DIR' finishes it with the same
result as an uninterrupted sweep. '--shard i/n' runs the grid points p with
p %% n == i; 'tajikpeace merge' joins the shards.`,
		Example: `  tajikpeace sweep --vary observers.russia.interests.taliban=0:3:7 --seeds 200
  tajikpeace sweep --vary parties.uto.cohesion=0.5:0.9:5 --vary mechanisms.track2.enabled=true,false --seeds 500 --out out/cohesion
  tajikpeace sweep --resume out/cohesion`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := settings(cmd)
			if err != nil {
				return err
			}
			workers := v.GetInt("workers")
			if workers < 1 {
				workers = runtime.GOMAXPROCS(0)
			}
			opts := sweepOptions{workers: workers, quiet: v.GetBool("quiet"), stopAfter: v.GetInt("stop-after"),
				format: v.GetString("format")}
			if v.GetBool("no-figures") {
				opts.format = ""
			} else if err := checkFormat(opts.format); err != nil {
				return err
			}
			if dir := v.GetString("resume"); dir != "" {
				// The plan of a resumed sweep is the one in its manifest;
				// a flag that would change it was ignored without a word
				// (issue #12 item 20).
				var ignored []string
				for _, name := range []string{"vary", "set", "seeds", "seed", "crn", "shard", "out", "force", "posterior", "yes", "max-runs"} {
					if cmd.Flags().Changed(name) {
						ignored = append(ignored, "--"+name)
					}
				}
				if len(args) > 0 {
					ignored = append(ignored, "the scenario "+args[0])
				}
				if len(ignored) > 0 {
					return fmt.Errorf("--resume finishes the sweep in %s as it was planned: %s cannot change it (start a new sweep for another plan)", dir, strings.Join(ignored, ", "))
				}
				return resumeSweep(cmd, dir, opts)
			}
			ref := scenarioRef(args)
			opts.posterior = v.GetString("posterior")
			return newSweep(cmd, ref, arrayFlag(cmd, v, "vary"), arrayFlag(cmd, v, "set"), v.GetInt("seeds"), v.GetUint64("seed"),
				v.GetBool("crn"), v.GetString("shard"), v.GetString("out"), v.GetBool("force"), v.GetBool("yes"), v.GetInt("max-runs"), opts)
		},
	}
	f := cmd.Flags()
	f.StringArray("vary", nil, "a varied parameter: path=from:to:steps or path=v1,v2,... (repeatable)")
	f.StringArray("set", nil, "a fixed override for every run: key.path=value (repeatable)")
	f.Int("seeds", 100, "replicates per grid point")
	f.Uint64("seed", 1, "master seed")
	f.Bool("crn", false, "common random numbers: replicate r draws the same streams at every point")
	f.IntP("workers", "j", 0, "parallel workers (default: all cores); results do not depend on it")
	f.String("out", "", "output directory (default out/sweep-SCENARIO)")
	f.Bool("force", false, "replace an existing output directory")
	f.Bool("quiet", false, "no progress bar")
	f.Bool("yes", false, "run a grid larger than --max-runs")
	f.Int("max-runs", 200000, "refuse larger sweeps unless --yes")
	f.String("shard", "", "run one slice of the grid: i/n")
	f.String("resume", "", "finish an interrupted sweep in this directory")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Bool("no-figures", false, "write no figures")
	f.Int("stop-after", 0, "stop after this many runs as if interrupted (for tests)")
	f.String("config", "", "settings file (YAML) with any of these flags")
	f.String("posterior", "", "each run draws the other parameters from this posterior (a built-in name, a calibration's directory or its posterior.csv); with --crn, replicate r takes the same set at every point")
	_ = f.MarkHidden("stop-after")
	return cmd
}

type sweepOptions struct {
	workers, stopAfter int
	quiet              bool
	format             string
	posterior          string // a new sweep's --posterior
}

// sweepPosterior reads the copy of the posterior a sweep directory keeps
// and checks it against the plan's hash.
func sweepPosterior(dir string, plan sweep.Plan) (*studies.Posterior, []byte, error) {
	path := filepath.Join(dir, "posterior.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("the sweep's posterior: %w", err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != plan.Posterior.SHA256 {
		return nil, nil, fmt.Errorf("%s is not the posterior the sweep began with (%s): its hash differs", path, plan.Posterior.Name)
	}
	p, err := studies.ParsePosterior(path, b)
	if err != nil {
		return nil, nil, err
	}
	return p.Without(plan.Posterior.Kept), b, nil
}

func newSweep(cmd *cobra.Command, ref string, varies, sets []string, seeds int, seed uint64, crn bool,
	shardSpec, out string, force, yes bool, maxRuns int, opts sweepOptions) error {
	if len(varies) == 0 {
		return fmt.Errorf("--vary: name at least one parameter to vary (path=from:to:steps or path=v1,v2)")
	}
	if seeds < 1 {
		return fmt.Errorf("--seeds: expected at least 1 replicate per point, got %d", seeds)
	}
	tpl, err := scenarios.NewTemplate(ref)
	if err != nil {
		return fmt.Errorf("invalid scenario:\n%w", err)
	}
	base, err := tpl.Load(sets)
	if err != nil {
		return fmt.Errorf("invalid scenario:\n%w", err)
	}
	plan := sweep.Plan{Scenario: ref, Sets: sets, Seeds: seeds, Seed: seed, CRN: crn}
	var post *studies.Posterior
	var postCSV []byte
	if opts.posterior != "" {
		if post, postCSV, err = studies.LoadPosterior(opts.posterior); err != nil {
			return err
		}
		sum := sha256.Sum256(postCSV)
		plan.Posterior = &sweep.PosteriorRef{Name: post.Name, SHA256: hex.EncodeToString(sum[:])}
	}
	// A path varied twice, or varied and set, would have one value win
	// silently and the rows labelled with the other (issue #12 item 16).
	setPaths := map[string]bool{}
	for _, s := range sets {
		k, _, _ := strings.Cut(s, "=")
		setPaths[strings.TrimSpace(k)] = true
	}
	varied := map[string]bool{}
	for _, spec := range varies {
		axis, err := sweep.ParseVary(spec)
		if err != nil {
			return err
		}
		switch {
		case varied[axis.Path]:
			return fmt.Errorf("--vary %s: the path is varied twice; give all its values in one --vary", axis.Path)
		case setPaths[axis.Path]:
			return fmt.Errorf("--vary %s: the path is also given with --set; a varied path takes its values from --vary only", axis.Path)
		}
		varied[axis.Path] = true
		// Every value must make a valid scenario on its own.
		for _, val := range axis.Values {
			if _, err := tpl.Scenario(append(append([]string{}, sets...), axis.Path+"="+val)); err != nil {
				return fmt.Errorf("--vary %s=%s:\n%w", axis.Path, val, scenarios.Relabel(err, "--vary"))
			}
		}
		plan.Grid.Axes = append(plan.Grid.Axes, axis)
	}
	if post != nil {
		// The varied parameters, the --set ones and what the scenario
		// changes are the sweep's own: every run keeps them and draws the
		// rest of the posterior.
		own := slices.Clone(sets)
		for _, a := range plan.Grid.Axes {
			own = append(own, a.Path+"=")
		}
		kept, err := keptParameters(cmd.ErrOrStderr(), post, base, own)
		if err != nil {
			return err
		}
		plan.Posterior.Kept = kept
		if err := post.Without(kept).Check(tpl, append(slices.Clone(sets), plan.Grid.Sets(0)...)); err != nil {
			return err
		}
	}
	shard := sweep.Shard{Index: 0, Of: 1}
	if shardSpec != "" {
		if shard, err = sweep.ParseShard(shardSpec); err != nil {
			return err
		}
	}
	points := shard.Points(plan.Grid.Points())
	total := len(points) * seeds
	if total > maxRuns && !yes {
		return fmt.Errorf("the sweep has %d runs (%d points x %d seeds), more than --max-runs %d: add --yes to run it", total, len(points), seeds, maxRuns)
	}
	if out == "" {
		out = filepath.Join("out", "sweep-"+base.Scenario.Name)
	}
	lock, err := lockOut(cmd, out)
	if err != nil {
		return err
	}
	defer lock.Release()
	if err := checkOutDir(out, force); err != nil {
		return err
	}
	if force {
		if err := os.RemoveAll(out); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	man := sweepManifest{Tool: "tajikpeace", Version: version(), Revision: revision(), Command: os.Args,
		Plan: plan, Shard: shard, Points: len(points), Runs: total, SeedScheme: sim.SeedScheme}
	if err := writeJSONFile(filepath.Join(out, "manifest.json"), man); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "scenario.yaml"), base.YAML, 0o644); err != nil {
		return err
	}
	if postCSV != nil {
		if err := os.WriteFile(filepath.Join(out, "posterior.csv"), postCSV, 0o644); err != nil {
			return err
		}
	}
	layout := sweep.NewLayout(base.Scenario, paths(plan.Grid))
	layout.Draws = plan.Posterior != nil
	for name, header := range map[string][]string{"runs.csv": layout.RunsHeader(), "points.csv": layout.PointsHeader()} {
		if err := writeCSV(filepath.Join(out, name), [][]string{header}); err != nil {
			return err
		}
	}
	return continueSweep(cmd, out, man, layout, layout.NewAccumulator(), 0, opts)
}

func paths(g sweep.Grid) []string {
	var out []string
	for _, a := range g.Axes {
		out = append(out, a.Path)
	}
	return out
}

// resumeSweep finishes an interrupted sweep: it keeps the complete runs of
// runs.csv, rebuilds points.csv from them, and runs the rest.
func resumeSweep(cmd *cobra.Command, dir string, opts sweepOptions) error {
	lock, err := lockOut(cmd, dir)
	if err != nil {
		return err
	}
	defer lock.Release()
	var man sweepManifest
	if err = readJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s is not a sweep output: manifest.json is missing", dir)
		}
		return err
	}
	if man.Complete {
		return fmt.Errorf("%s: the sweep is already complete", dir)
	}
	base, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"), nil)
	if err != nil {
		return fmt.Errorf("the sweep's scenario:\n%w", err)
	}
	layout := sweep.NewLayout(base.Scenario, paths(man.Plan.Grid))
	layout.Draws = man.Plan.Posterior != nil
	// Stream the kept runs: complete points are summarised again into a new
	// points.csv, the rows of an unfinished point wait for the rest, and a
	// last line cut off mid-write is truncated.
	runsPath := filepath.Join(dir, "runs.csv")
	f, err := os.Open(runsPath)
	if err != nil {
		return err
	}
	r := csv.NewReader(bufio.NewReader(f))
	header, err := r.Read()
	if err != nil || !slices.Equal(header, layout.RunsHeader()) {
		f.Close()
		return fmt.Errorf("%s: line 1: the header does not match the sweep", runsPath)
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
			return fmt.Errorf("%s: more runs than the sweep's %d", runsPath, man.Runs)
		}
		if err := acc.Add(rec); err != nil {
			f.Close()
			return err
		}
		inPoint++
		if inPoint == seeds {
			sum, err := acc.Row()
			if err != nil {
				f.Close()
				return err
			}
			points = append(points, sum)
			acc, inPoint = layout.NewAccumulator(), 0
		}
	}
	f.Close()
	if err := os.Truncate(runsPath, keep); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "points.csv"), points); err != nil {
		return err
	}
	man.RunsDone = done
	return continueSweep(cmd, dir, man, layout, acc, inPoint, opts)
}

// modelCache builds each grid point's model once, while its runs are in
// flight, and forgets it when the point is summarised. The scenario is read
// once (a scenarios.Template): every point sees the same file, and a point
// that changes only numbers skips the text round trip of a full load.
type modelCache struct {
	mu       sync.Mutex
	entries  map[int]*modelEntry
	template *scenarios.Template
	sets     func(point int) []string // the overrides of a point
}

func newModelCache(tpl *scenarios.Template, sets func(point int) []string) *modelCache {
	return &modelCache{entries: map[int]*modelEntry{}, template: tpl, sets: sets}
}

type modelEntry struct {
	once sync.Once
	m    *sim.Model
	err  error
}

func (c *modelCache) get(point int) (*sim.Model, error) {
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
			e.err = fmt.Errorf("grid point %d:\n%w", point, err)
			return
		}
		e.m = agents.New(sc)
	})
	return e.m, e.err
}

func (c *modelCache) forget(point int) {
	c.mu.Lock()
	delete(c.entries, point)
	c.mu.Unlock()
}

// forgetRange forgets the models of keys from..to-1.
func (c *modelCache) forgetRange(from, to int) {
	c.mu.Lock()
	for k := range c.entries {
		if k >= from && k < to {
			delete(c.entries, k)
		}
	}
	c.mu.Unlock()
}

// continueSweep runs the shard's runs from man.RunsDone on, appending rows
// and point summaries as they complete, in order; acc holds the summary so
// far of an unfinished point (inPoint runs).
func continueSweep(cmd *cobra.Command, dir string, man sweepManifest, layout sweep.Layout,
	acc *sweep.Accumulator, inPoint int, opts sweepOptions) (err error) {
	plan := man.Plan
	points := man.Shard.Points(plan.Grid.Points())
	runsF, err := os.OpenFile(filepath.Join(dir, "runs.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer runsF.Close()
	pointsF, err := os.OpenFile(filepath.Join(dir, "points.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer pointsF.Close()
	runsW, pointsW := csv.NewWriter(bufio.NewWriter(runsF)), csv.NewWriter(bufio.NewWriter(pointsF))

	bar := progressBar(opts.quiet, man.Runs, man.RunsDone)
	// Points are built from the sweep's own scenario.yaml (the scenario with
	// --set applied, written when the sweep began), not from plan.Scenario:
	// a resumed sweep must not pick up a file edited since, or fail because
	// it is resumed from another directory.
	tpl, err := scenarios.NewTemplate(filepath.Join(dir, "scenario.yaml"))
	if err != nil {
		return fmt.Errorf("the sweep's scenario:\n%w", err)
	}
	// Under a posterior a model is built per grid point and posterior set:
	// key point*sets + set.
	cache := newModelCache(tpl, plan.Grid.Sets)
	var post *studies.Posterior
	if plan.Posterior != nil {
		if post, _, err = sweepPosterior(dir, plan); err != nil {
			return err
		}
		nd := len(post.Draws)
		cache = newModelCache(tpl, func(key int) []string {
			return append(plan.Grid.Sets(key/nd), post.Sets(key%nd)...)
		})
	}
	modelOf := func(point, stream int) (*sim.Model, int, error) {
		if post == nil {
			m, err := cache.get(point)
			return m, -1, err
		}
		d := post.Draw(plan.Seed, stream)
		m, err := cache.get(point*len(post.Draws) + d)
		return m, d, err
	}
	forget := func(point int) {
		if post == nil {
			cache.forget(point)
			return
		}
		cache.forgetRange(point*len(post.Draws), (point+1)*len(post.Draws))
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
		if bar != nil {
			_ = bar.Add(1)
		}
		if opts.stopAfter > 0 && done-man.RunsDone >= opts.stopAfter {
			return errStopped
		}
		return nil
	}
	runErr := sim.Ordered(cmd.Context(), man.RunsDone, man.Runs, opts.workers, 8*opts.workers, work, emit)
	for _, w := range []*csv.Writer{runsW, pointsW} {
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
	}
	for _, f := range []*os.File{runsF, pointsF} {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	man.RunsDone = done
	interrupted := runErr != nil && (errors.Is(runErr, errStopped) || errors.Is(runErr, context.Canceled))
	if runErr != nil && !interrupted {
		_ = writeJSONFile(filepath.Join(dir, "manifest.json"), man)
		return runErr
	}
	if interrupted {
		if err := writeJSONFile(filepath.Join(dir, "manifest.json"), man); err != nil {
			return err
		}
		return fmt.Errorf("interrupted after %d of %d runs; the finished runs are kept in %s, whose manifest says it is incomplete: finish with 'tajikpeace sweep --resume %s'",
			done, man.Runs, dir, dir)
	}
	man.Complete = true
	man.Outputs = []string{"scenario.yaml", "runs.csv", "points.csv"}
	if plan.Posterior != nil {
		man.Outputs = append(man.Outputs, "posterior.csv")
	}
	if opts.format != "" && man.Shard.Of == 1 {
		figs, err := writeSweepFigures(dir, man, opts.format)
		if err != nil {
			return err
		}
		man.Outputs = append(man.Outputs, figs...)
	}
	if err := writeJSONFile(filepath.Join(dir, "manifest.json"), man); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%d runs at %d grid points written to %s\n", man.Runs, man.Points, dir)
	return nil
}

// progressBar shows done/total, rate and time left on stderr when it is a
// terminal and quiet is off; otherwise it is nil and shows nothing.
func progressBar(quiet bool, total, done int) *progressbar.ProgressBar {
	if quiet || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	bar := progressbar.NewOptions64(int64(total), progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription("runs"), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("runs"), progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	_ = bar.Set(done)
	return bar
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path) // never a half-written manifest
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
