package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sweep"
)

func newMergeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "merge DIR... --out DIR",
		Short: "Join the shards of a sweep into one result, identical to the unsharded sweep",
		Example: `  tajikpeace merge out/shard-0 out/shard-1 out/shard-2 --out out/sweep
  tajikpeace merge out/shard-* --out out/sweep`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := settings(cmd)
			if err != nil {
				return err
			}
			out := v.GetString("out")
			if out == "" {
				return fmt.Errorf("--out: name the merged directory")
			}
			lock, err := lockOut(cmd, out)
			if err != nil {
				return err
			}
			defer lock.Release()
			if err := checkOutDir(out, v.GetBool("force")); err != nil {
				return err
			}
			format := v.GetString("format")
			if v.GetBool("no-figures") {
				format = ""
			} else if err := checkFormat(format); err != nil {
				return err
			}
			return mergeShards(cmd, args, out, v.GetBool("force"), format)
		},
	}
	f := cmd.Flags()
	f.String("out", "", "the merged output directory")
	f.Bool("force", false, "replace an existing output directory")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Bool("no-figures", false, "write no figures")
	f.String("config", "", "settings file (YAML) with any of these flags")
	return cmd
}

// mergeShards checks that the shards come from one plan and cover the grid
// once, interleaves their rows by grid point, and writes the merged sweep.
func mergeShards(cmd *cobra.Command, dirs []string, out string, force bool, format string) (err error) {
	// --out --force replaces the output directory: it must not be one of
	// the shards being read (issue #12 item 2: it deleted its own input).
	outAbs, err := sameFile(out)
	if err != nil {
		return err
	}
	for _, d := range dirs {
		dAbs, err := sameFile(d)
		if err != nil {
			return err
		}
		if dAbs == outAbs {
			return fmt.Errorf("--out %s is one of the shards being merged: write the merge elsewhere", out)
		}
	}
	var mans []sweepManifest
	for _, d := range dirs {
		var m sweepManifest
		if err := readJSON(filepath.Join(d, "manifest.json"), &m); err != nil {
			return fmt.Errorf("%s is not a sweep output: %w", d, err)
		}
		if m.Shard.Of < 1 || m.Plan.Grid.Points() < 1 {
			// A run or compare directory has a manifest too, without a
			// sweep's plan (issue #12 item 4: merge indexed into it).
			return fmt.Errorf("%s is not a sweep output: its manifest has no sweep plan (a run, compare or calibrate directory?)", d)
		}
		if !m.Complete {
			return fmt.Errorf("%s: the shard is incomplete: finish it with 'tajikpeace sweep --resume %s'", d, d)
		}
		mans = append(mans, m)
	}
	ref, _ := json2(mans[0].Plan)
	seen := map[int]string{}
	for i, m := range mans {
		if p, _ := json2(m.Plan); p != ref {
			return fmt.Errorf("%s and %s come from different sweeps (their plans differ)", dirs[0], dirs[i])
		}
		if m.Shard.Of != mans[0].Shard.Of {
			return fmt.Errorf("%s is shard %d/%d, %s of %d shards", dirs[i], m.Shard.Index, m.Shard.Of, dirs[0], mans[0].Shard.Of)
		}
		if prev, dup := seen[m.Shard.Index]; dup {
			return fmt.Errorf("%s and %s are the same shard %d/%d", prev, dirs[i], m.Shard.Index, m.Shard.Of)
		}
		seen[m.Shard.Index] = dirs[i]
	}
	for i := range mans[0].Shard.Of {
		if _, ok := seen[i]; !ok {
			return fmt.Errorf("shard %d/%d is missing", i, mans[0].Shard.Of)
		}
	}
	// Equal plans name the same scenario file, but shards of a cluster job
	// may start hours apart, and the file may have been edited between them:
	// each shard's own copy must be the same.
	first, err := os.ReadFile(filepath.Join(dirs[0], "scenario.yaml"))
	if err != nil {
		return fmt.Errorf("%s: %w", dirs[0], err)
	}
	for _, d := range dirs[1:] {
		other, err := os.ReadFile(filepath.Join(d, "scenario.yaml"))
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		if !bytes.Equal(first, other) {
			return fmt.Errorf("%s and %s ran different scenarios (their scenario.yaml differ: was %s edited between the shards?)",
				dirs[0], d, mans[0].Plan.Scenario)
		}
	}
	base, err := scenarios.Load(filepath.Join(dirs[0], "scenario.yaml"), nil)
	if err != nil {
		return fmt.Errorf("the sweep's scenario:\n%w", err)
	}
	plan := mans[0].Plan
	layout := sweep.NewLayout(base.Scenario, paths(plan.Grid))
	layout.Draws = plan.Posterior != nil
	var posteriorCSV []byte
	if plan.Posterior != nil {
		// Equal plans carry the same hash; each shard's copy must match it.
		for _, d := range dirs {
			if _, b, err := sweepPosterior(d, plan); err != nil {
				return err
			} else {
				posteriorCSV = b
			}
		}
	}
	if force {
		os.RemoveAll(out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(out)
		}
	}()
	if err := os.WriteFile(filepath.Join(out, "scenario.yaml"), base.YAML, 0o644); err != nil {
		return err
	}
	if posteriorCSV != nil {
		if err := os.WriteFile(filepath.Join(out, "posterior.csv"), posteriorCSV, 0o644); err != nil {
			return err
		}
	}
	// Point p lives in shard p % n, as its (p / n)-th point, its runs in
	// replicate order: the shards interleave as streams, in flat memory.
	n, total := mans[0].Shard.Of, plan.Grid.Points()
	runsIn := make([]*csvStream, n)
	pointsIn := make([]*csvStream, n)
	for i, d := range dirs {
		s := mans[i].Shard.Index
		if runsIn[s], err = openCSV(filepath.Join(d, "runs.csv"), layout.RunsHeader()); err != nil {
			return err
		}
		defer runsIn[s].Close()
		if pointsIn[s], err = openCSV(filepath.Join(d, "points.csv"), layout.PointsHeader()); err != nil {
			return err
		}
		defer pointsIn[s].Close()
	}
	runsOut, err := createCSV(filepath.Join(out, "runs.csv"), layout.RunsHeader())
	if err != nil {
		return err
	}
	pointsOut, err := createCSV(filepath.Join(out, "points.csv"), layout.PointsHeader())
	if err != nil {
		return err
	}
	for p := range total {
		s := p % n
		for range plan.Seeds {
			rec, err := runsIn[s].Read()
			if err != nil {
				return fmt.Errorf("shard %d/%d lacks the runs of grid point %d: %w", s, n, p, err)
			}
			if err := runsOut.Write(rec); err != nil {
				return err
			}
		}
		rec, err := pointsIn[s].Read()
		if err != nil {
			return fmt.Errorf("shard %d/%d lacks the summary of grid point %d: %w", s, n, p, err)
		}
		if err := pointsOut.Write(rec); err != nil {
			return err
		}
	}
	for _, w := range []*csvOut{runsOut, pointsOut} {
		if err := w.Close(); err != nil {
			return err
		}
	}
	man := mans[0]
	man.Shard, man.Points, man.Runs, man.RunsDone = sweep.Shard{Index: 0, Of: 1}, total, total*plan.Seeds, total*plan.Seeds
	man.Command, man.Complete = os.Args, true
	man.Outputs = []string{"scenario.yaml", "runs.csv", "points.csv"}
	if format != "" {
		figs, err := writeSweepFigures(out, man, format)
		if err != nil {
			return err
		}
		man.Outputs = append(man.Outputs, figs...)
	}
	if err := writeJSONFile(filepath.Join(out, "manifest.json"), man); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "merged %d shards: %d runs at %d grid points written to %s\n", n, man.Runs, total, out)
	return nil
}

func json2(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// writeSweepFigures draws the sweep's figure from points.csv.
func writeSweepFigures(dir string, man sweepManifest, format string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, "points.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("points.csv: %w", err)
	}
	in := &plots.SweepInput{Scenario: man.Plan.Scenario, Seeds: man.Plan.Seeds, Params: paths(man.Plan.Grid)}
	for _, a := range man.Plan.Grid.Axes {
		in.Numeric = append(in.Numeric, a.Numeric)
	}
	header := recs[0]
	col := func(name string) int { return slices.Index(header, name) }
	num := func(rec []string, name string) float64 {
		x, err := strconv.ParseFloat(rec[col(name)], 64)
		if err != nil {
			return math.NaN()
		}
		return x
	}
	date := func(rec []string, name string) float64 {
		t, err := time.Parse(time.DateOnly, rec[col(name)])
		if err != nil {
			return math.NaN()
		}
		return float64(t.Unix())
	}
	np := len(in.Params)
	for _, rec := range recs[1:] {
		in.Points = append(in.Points, plots.SweepPoint{Values: rec[1 : 1+np],
			GAShare: num(rec, "ga_by_1997_12_31"), GALo: num(rec, "ga_by_1997_12_31_lo"), GAHi: num(rec, "ga_by_1997_12_31_hi"),
			Median: date(rec, "ga_median"), Q10: date(rec, "ga_q10"), Q90: date(rec, "ga_q90")})
	}
	b, err := plots.Sweep(in, format)
	if err != nil || b == nil {
		return nil, err
	}
	name := "sweep." + format
	return []string{name}, os.WriteFile(filepath.Join(dir, name), b, 0o644)
}

// csvStream reads the data rows of a CSV file after checking its header.
type csvStream struct {
	f *os.File
	r *csv.Reader
}

func openCSV(path string, header []string) (*csvStream, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bufio.NewReader(f))
	got, err := r.Read()
	if err != nil || !slices.Equal(got, header) {
		f.Close()
		return nil, fmt.Errorf("%s: line 1: the header does not match the sweep", path)
	}
	return &csvStream{f, r}, nil
}

func (c *csvStream) Read() ([]string, error) { return c.r.Read() }
func (c *csvStream) Close() error            { return c.f.Close() }

// csvOut writes a CSV file through a buffer.
type csvOut struct {
	f *os.File
	b *bufio.Writer
	w *csv.Writer
}

func createCSV(path string, header []string) (*csvOut, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriter(f)
	c := &csvOut{f, b, csv.NewWriter(b)}
	if err := c.Write(header); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

func (c *csvOut) Write(rec []string) error { return c.w.Write(rec) }

func (c *csvOut) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		c.f.Close()
		return err
	}
	if err := c.b.Flush(); err != nil {
		c.f.Close()
		return err
	}
	return c.f.Close()
}

// sameFile is a path made absolute and, where it exists, with its symbolic
// links resolved, so that two names of one directory compare equal.
func sameFile(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	return abs, nil
}
