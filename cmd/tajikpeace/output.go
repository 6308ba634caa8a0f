package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// manifest records what produced an output directory. It carries no clock
// time, so the same command gives the same bytes.
type manifest struct {
	Tool        string               `json:"tool"`
	Version     string               `json:"version"`
	Revision    string               `json:"vcs_revision"`
	GoVersion   string               `json:"go_version"`
	Command     []string             `json:"command"`
	Scenario    string               `json:"scenario"`
	ScenarioSHA string               `json:"scenario_sha256"`
	Files       []scenarios.FileHash `json:"files"`
	Seed        uint64               `json:"seed"`
	Runs        int                  `json:"runs"`
	SeedScheme  string               `json:"seed_scheme"`
	Outputs     []string             `json:"outputs"`
	// Posterior, for an ensemble whose runs draw their parameters from a
	// posterior.
	Posterior *posteriorInfo `json:"posterior,omitempty"`
	Complete  bool           `json:"complete"`
}

func newManifest(cmd *cobra.Command, res *scenarios.Resolved, seed uint64, runs int) manifest {
	return manifest{
		Tool: "tajikpeace", Version: version(), Revision: revision(), GoVersion: runtime.Version(),
		Command: append([]string{"tajikpeace"}, os.Args[1:]...), Scenario: res.Scenario.Name,
		ScenarioSHA: res.Hash, Files: res.Files, Seed: seed, Runs: runs, SeedScheme: sim.SeedScheme,
	}
}

// writeOutputs writes every file into a hidden sibling directory and renames
// it into place only when all are written, so an interrupted or failed run
// never leaves a directory that looks complete. The manifest is written last.
// draws, if not nil, are the posterior draws of the runs (runs.csv's last
// column).
func writeOutputs(out string, force bool, res *scenarios.Resolved, man manifest, m *sim.Model,
	results []*sim.Result, draws []int, table summary.Table, format string) error {
	return publish(out, force, func(tmp string) error {
		return writeRunFiles(tmp, res, man, m, results, draws, table, format)
	})
}

// publish makes an output directory appear whole or not at all: write fills
// a hidden sibling directory, which then replaces out (only with force if
// out exists). A failure removes the sibling and leaves out untouched.
func publish(out string, force bool, write func(dir string) error) (err error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".partial-")
	if err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it private
		return fmt.Errorf("creating output directory: %w", err)
	}
	if err := write(tmp); err != nil {
		return err
	}
	if _, statErr := os.Stat(out); statErr == nil {
		if !force {
			return fmt.Errorf("output directory %s appeared while running: not replaced", out)
		}
		old := tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("replacing %s: %w", out, err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("moving outputs into %s: %w", out, err)
	}
	return nil
}

// writeRunFiles writes a run's or an ensemble's files into dir, the
// manifest last, then the figures drawn from those files.
func writeRunFiles(tmp string, res *scenarios.Resolved, man manifest, m *sim.Model,
	results []*sim.Result, draws []int, table summary.Table, format string) error {
	files := []struct {
		name  string
		write func(*bufio.Writer) error
	}{
		{"scenario.yaml", func(w *bufio.Writer) error { _, err := w.Write(res.YAML); return err }},
		{"summary.json", func(w *bufio.Writer) error { return writeJSON(w, table) }},
		{"runs.csv", func(w *bufio.Writer) error { return writeRuns(w, m, results, draws) }},
		{"steps.csv", func(w *bufio.Writer) error { return writeSteps(w, results[0]) }},
		{"events.log", func(w *bufio.Writer) error { return writeLog(w, results[0]) }},
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(tmp, f.name), f.write); err != nil {
			return err
		}
		man.Outputs = append(man.Outputs, f.name)
	}
	man.Complete = true
	if err := writeFile(filepath.Join(tmp, "manifest.json"), func(w *bufio.Writer) error { return writeJSON(w, man) }); err != nil {
		return err
	}
	if format != "" {
		// The figures are drawn from the files just written, exactly as
		// `tajikpeace plot` would draw them later.
		figs, err := writeFigures(tmp, tmp, format)
		if err != nil {
			return err
		}
		man.Outputs = append(man.Outputs, figs...)
		if err := writeFile(filepath.Join(tmp, "manifest.json"), func(w *bufio.Writer) error { return writeJSON(w, man) }); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	return f.Close()
}

func writeJSON(w *bufio.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// writeRuns writes one row per run: each milestone's date (empty if never
// reached), each agreed term, and under a posterior the draw the run took.
func writeRuns(w *bufio.Writer, m *sim.Model, results []*sim.Result, draws []int) error {
	cw := csv.NewWriter(w)
	ids := sim.MilestoneIDs(m.Scenario)
	header := []string{"run", "seed"}
	header = append(header, ids...)
	var termCols []string
	for _, is := range m.Scenario.Agenda {
		for _, t := range is.Terms {
			termCols = append(termCols, t.ID)
		}
	}
	header = append(header, termCols...)
	if draws != nil {
		header = append(header, "draw")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i, r := range results {
		row := []string{strconv.Itoa(r.Run), strconv.FormatUint(r.Seed, 10)}
		for _, ms := range r.Milestones {
			if ms.Reached {
				row = append(row, ms.Date.Format(time.DateOnly))
			} else {
				row = append(row, "")
			}
		}
		for _, is := range m.Scenario.Agenda {
			ms, _ := r.Milestone(is.ID)
			for k := range is.Terms {
				if ms.Reached {
					row = append(row, fmtFloat(ms.Terms[k]))
				} else {
					row = append(row, "")
				}
			}
		}
		if draws != nil {
			row = append(row, strconv.Itoa(draws[i]))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeSteps writes the per-step state of a run as a tidy table.
func writeSteps(w *bufio.Writer, r *sim.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"run", "step", "date", "actor", "variable", "value"}); err != nil {
		return err
	}
	run := strconv.Itoa(r.Run)
	for _, s := range r.Trace {
		if err := cw.Write([]string{run, strconv.Itoa(s.Step), s.Date.Format(time.DateOnly), s.Actor, s.Variable, fmtFloat(s.Value)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeLog writes the readable event log: "1994-09 Tehran: ...".
func writeLog(w *bufio.Writer, r *sim.Result) error {
	for _, e := range r.Log {
		where := ""
		if e.Venue != "" {
			where = " " + e.Venue
		}
		if _, err := fmt.Fprintf(w, "%s%s: %s\n", e.Date.Format(time.DateOnly), where, e.Text); err != nil {
			return err
		}
	}
	return nil
}
