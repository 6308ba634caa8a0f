package results

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Run is what the output directory of one ensemble holds.
type Run struct {
	Scenario *scenarios.Resolved
	Model    *sim.Model
	Results  []*sim.Result
	// Draws, if not nil, are the posterior draws of the runs (runs.csv's
	// last column).
	Draws []int
	Table summary.Table
	// Traced is how many runs steps.csv holds: runs 0 to Traced-1 (0 or 1:
	// run 0 alone, as Results[0] recorded it). Replay plays run i again,
	// recording what opt asks - the same streams give the same run - so
	// that tracing many runs holds one trace in memory at a time.
	Traced int
	Replay func(i int, opt sim.Options) (*sim.Result, error)
}

// WriteRun writes a run's or an ensemble's files into dir, the manifest
// (man, completed with the file names) last, and returns the manifest as
// written.
func WriteRun(dir string, run Run, man Manifest) (Manifest, error) {
	files := []struct {
		name  string
		write func(*bufio.Writer) error
	}{
		{"scenario.yaml", func(w *bufio.Writer) error { _, err := w.Write(run.Scenario.YAML); return err }},
		{"summary.json", func(w *bufio.Writer) error { return WriteJSON(w, run.Table) }},
		{"runs.csv", func(w *bufio.Writer) error { return WriteRuns(w, run.Model, run.Results, run.Draws) }},
		{"steps.csv", func(w *bufio.Writer) error { return writeTraces(w, run) }},
		{"events.log", func(w *bufio.Writer) error { return WriteLog(w, run.Results[0]) }},
	}
	for _, f := range files {
		if err := WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return man, err
		}
		man.Outputs = append(man.Outputs, f.name)
	}
	man.Complete = true
	return man, WriteManifest(dir, man)
}

// WriteManifest (re)writes dir's manifest.json.
func WriteManifest(dir string, man Manifest) error {
	return WriteFile(filepath.Join(dir, "manifest.json"), func(w *bufio.Writer) error { return WriteJSON(w, man) })
}

// WriteRuns writes one row per run: each milestone's date (empty if never
// reached), each agreed term, and under a posterior the draw the run took.
func WriteRuns(w *bufio.Writer, m *sim.Model, results []*sim.Result, draws []int) error {
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
					row = append(row, Float(ms.Terms[k]))
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

// WriteSteps writes the per-step state of runs as one tidy table.
func WriteSteps(w *bufio.Writer, rs ...*sim.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"run", "step", "date", "actor", "variable", "value"}); err != nil {
		return err
	}
	for _, r := range rs {
		if err := writeStepRows(cw, r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeStepRows(cw *csv.Writer, r *sim.Result) error {
	run := strconv.Itoa(r.Run)
	for _, s := range r.Trace {
		if err := cw.Write([]string{run, strconv.Itoa(s.Step), s.Date.Format(time.DateOnly), s.Actor, s.Variable, Float(s.Value)}); err != nil {
			return err
		}
	}
	return nil
}

// writeTraces writes steps.csv: run 0 as recorded, then runs 1 to
// Traced-1 played again one at a time.
func writeTraces(w *bufio.Writer, run Run) error {
	if run.Traced <= 1 {
		return WriteSteps(w, run.Results[0])
	}
	if run.Replay == nil {
		return fmt.Errorf("steps.csv: %d runs to trace, and no way to play them again", run.Traced)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"run", "step", "date", "actor", "variable", "value"}); err != nil {
		return err
	}
	for i := range run.Traced {
		r := run.Results[0]
		if i > 0 {
			var err error
			if r, err = run.Replay(i, sim.Options{Trace: true}); err != nil {
				return fmt.Errorf("steps.csv: run %d: %w", i, err)
			}
		}
		if err := writeStepRows(cw, r); err != nil {
			return err
		}
		cw.Flush() // a run at a time: the buffer stays small
	}
	cw.Flush()
	return cw.Error()
}

// WriteLog writes the readable event log: "1994-09-17 Tehran: ...".
func WriteLog(w *bufio.Writer, r *sim.Result) error {
	for _, line := range LogLines(r) {
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// LogLines are a run's log entries as events.log writes them.
func LogLines(r *sim.Result) []string {
	lines := make([]string, len(r.Log))
	for i, e := range r.Log {
		where := ""
		if e.Venue != "" {
			where = " " + e.Venue
		}
		lines[i] = fmt.Sprintf("%s%s: %s", e.Date.Format(time.DateOnly), where, e.Text)
	}
	return lines
}
