package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/results/dataset"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Read reads the output directory of `tajikpeace run` (or one arm of a
// comparison): what the figures are drawn from. Every problem names the
// file (and line where it can); a file cut short is refused, not read in
// part.
func Read(dir string) (*dataset.Output, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	if err := CheckRunDir(dir); err != nil {
		return nil, err
	}
	var man Manifest
	if err := ReadJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s is not a tajikpeace output directory: manifest.json is missing", dir)
		}
		return nil, err
	}
	if man.Tool != "tajikpeace" || !man.Complete {
		return nil, fmt.Errorf("%s: not a complete tajikpeace output (tool %q, complete %v)", filepath.Join(dir, "manifest.json"), man.Tool, man.Complete)
	}
	res, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"), nil)
	if err != nil {
		return nil, fmt.Errorf("the output's scenario:\n%w", err)
	}
	sc := res.Scenario
	var table summary.Table
	if err := ReadJSON(filepath.Join(dir, "summary.json"), &table); err != nil {
		return nil, err
	}
	in := &dataset.Output{Scenario: sc.Name, Question: sc.Question, Seed: man.Seed, Runs: man.Runs}
	if man.Posterior != nil {
		in.Posterior = posteriorTitle(man.Posterior.Name)
	}
	ids := sim.MilestoneIDs(sc)
	if len(table.Rows) != len(ids) {
		return nil, fmt.Errorf("%s: %d milestones, but the scenario has %d", filepath.Join(dir, "summary.json"), len(table.Rows), len(ids))
	}
	for i, r := range table.Rows {
		if r.ID != ids[i] {
			return nil, fmt.Errorf("%s: milestone %d is %q, expected %q", filepath.Join(dir, "summary.json"), i, r.ID, ids[i])
		}
		in.Milestones = append(in.Milestones, dataset.Milestone{ID: r.ID, Name: r.Name, Historical: deref(r.Historical),
			Median: deref(r.Median), Q10: deref(r.Q10), Q90: deref(r.Q90), Reached: r.Reached})
	}
	for _, tr := range table.Terms {
		if tr.ID == "uto_share_posts" && tr.Historical != nil {
			in.HistoricalUTOShare = *tr.Historical
		}
	}
	for _, is := range sc.Agenda {
		if is.Effect != scenarios.EffectRestoreCeasefire {
			in.Agenda = append(in.Agenda, is.ID)
		}
	}
	if err := readRuns(filepath.Join(dir, "runs.csv"), ids, sc, in); err != nil {
		return nil, err
	}
	if len(in.RunDates) != man.Runs {
		return nil, fmt.Errorf("%s: %d runs, but the manifest says %d", filepath.Join(dir, "runs.csv"), len(in.RunDates), man.Runs)
	}
	if in.Trace, err = readSteps(filepath.Join(dir, "steps.csv")); err != nil {
		return nil, err
	}
	if err := checkStepsComplete(filepath.Join(dir, "steps.csv"), sc, in.Trace); err != nil {
		return nil, err
	}
	for _, p := range sc.Parties {
		in.Actors = append(in.Actors, dataset.Actor{ID: p.ID, Name: p.Name, Party: true})
	}
	for _, o := range sc.Observers {
		in.Actors = append(in.Actors, dataset.Actor{ID: o.ID, Name: o.Name, Client: o.Client})
	}
	if sc.Calendar.Mode == scenarios.ModeHistorical {
		for _, m := range sim.Calendar(sc) {
			in.Meetings = append(in.Meetings, dataset.Meeting{Start: m.Start, End: m.End, Kind: m.Kind, Venue: m.Venue})
		}
	}
	hist, err := history.Load()
	if err != nil {
		return nil, err
	}
	in.Events = EventMarks(sc, hist)
	return in, nil
}

// EventMarks are the events a figure marks: the scenario's that happen in
// it and the historical record's that it does not schedule (in the model
// the Tavildara offensive is the agents' doing), labelled as history, for
// reference; by date. The command's figures and the classroom page's use
// it.
func EventMarks(sc *scenarios.Scenario, hist *history.Sequence) []dataset.Event {
	var marks []dataset.Event
	for _, e := range sc.Events {
		if !e.Disabled {
			marks = append(marks, dataset.Event{Date: e.Date.Time, Label: e.Label})
		}
	}
	for _, h := range hist.Events {
		covered := slices.ContainsFunc(marks, func(e dataset.Event) bool {
			d := e.Date.Sub(h.Date)
			return d > -30*24*time.Hour && d < 30*24*time.Hour
		})
		if !covered && !h.Date.Before(sc.Span.Start.Time) && !h.Date.After(sc.Span.End.Time) {
			marks = append(marks, dataset.Event{Date: h.Date, Label: "history: " + h.Label})
		}
	}
	slices.SortStableFunc(marks, func(a, b dataset.Event) int { return a.Date.Compare(b.Date) })
	return marks
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// readRuns reads runs.csv: run, seed, one column per milestone, then terms.
func readRuns(path string, ids []string, sc *scenarios.Scenario, in *dataset.Output) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: line 1: %w", path, err)
	}
	want := append([]string{"run", "seed"}, ids...)
	if len(header) < len(want) || !slices.Equal(header[:len(want)], want) {
		return fmt.Errorf("%s: line 1: header does not list the scenario's milestones", path)
	}
	share := slices.Index(header, "uto_share_posts")
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		dates := make([]time.Time, len(ids))
		for i := range ids {
			if v := rec[2+i]; v != "" {
				if dates[i], err = time.Parse(time.DateOnly, v); err != nil {
					return fmt.Errorf("%s: line %d: column %s: %w", path, line, ids[i], err)
				}
			}
		}
		in.RunDates = append(in.RunDates, dates)
		s := math.NaN()
		if share >= 0 && rec[share] != "" {
			if s, err = strconv.ParseFloat(rec[share], 64); err != nil {
				return fmt.Errorf("%s: line %d: column uto_share_posts: %w", path, line, err)
			}
		}
		in.UTOShare = append(in.UTOShare, s)
	}
}

// readSteps reads the tidy per-step trace of the first run steps.csv holds
// (run 0 of an ensemble; more runs follow it with --trace).
func readSteps(path string) (map[string]map[string][]dataset.Point, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: line 1: %w", path, err)
	}
	if !slices.Equal(header, []string{"run", "step", "date", "actor", "variable", "value"}) {
		return nil, fmt.Errorf("%s: line 1: expected run,step,date,actor,variable,value", path)
	}
	out := map[string]map[string][]dataset.Point{}
	first := ""
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if first == "" {
			first = rec[0]
		} else if rec[0] != first {
			return out, nil // the next traced run
		}
		d, err := time.Parse(time.DateOnly, rec[2])
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: date: %w", path, line, err)
		}
		v, err := strconv.ParseFloat(rec[5], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: value: %w", path, line, err)
		}
		actor, variable := rec[3], rec[4]
		if out[actor] == nil {
			out[actor] = map[string][]dataset.Point{}
		}
		out[actor][variable] = append(out[actor][variable], dataset.Point{Date: d, Value: v})
	}
}

// checkStepsComplete refuses a steps.csv cut short at a row boundary (it
// parses, and plot drew from part of a run: issue #12 item 17): every series
// must run to the last step of the scenario's span.
func checkStepsComplete(path string, sc *scenarios.Scenario, trace map[string]map[string][]dataset.Point) error {
	step := time.Duration(sc.Span.StepDays) * 24 * time.Hour
	last := sc.Span.Start.Time
	for !last.Add(step).After(sc.Span.End.Time) {
		last = last.Add(step)
	}
	for _, actor := range slices.Sorted(maps.Keys(trace)) {
		vars := trace[actor]
		for _, variable := range slices.Sorted(maps.Keys(vars)) {
			pts := vars[variable]
			if len(pts) == 0 || !pts[len(pts)-1].Date.Equal(last) {
				end := "nothing"
				if len(pts) > 0 {
					end = pts[len(pts)-1].Date.Format(time.DateOnly)
				}
				return fmt.Errorf("%s: %s %s stops at %s, before the last step of the span (%s): the file is cut short",
					path, actor, variable, end, last.Format(time.DateOnly))
			}
		}
	}
	if len(trace) == 0 {
		return fmt.Errorf("%s: no steps: the file is cut short", path)
	}
	return nil
}

// ReadNarrative reads a run directory's events.log, one entry a line. A last line without
// its newline was cut off mid-write (issue #12 item 17).
func ReadNarrative(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "events.log"))
	if err != nil {
		return nil, err
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("%s: the last line is cut off (no newline at its end)", filepath.Join(dir, "events.log"))
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n"), nil
}

// CheckRunDir says plainly when a directory is not the output of `run`: a
// sweep's directory got "summary.json: no such file" (issue #12 item 20).
func CheckRunDir(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err == nil {
		return nil
	}
	for _, c := range []struct{ file, what string }{
		{"points.csv", "a sweep (its figure is sweep.png; its tables runs.csv and points.csv)"},
		{"compare.csv", "a comparison (its scenarios' runs are in its subdirectories)"},
		{"generations.csv", "a calibration (give it to --posterior)"},
		{"posterior.csv", "a calibration (give it to --posterior)"},
		{"sensitivity.csv", "a sensitivity analysis"},
	} {
		if _, err := os.Stat(filepath.Join(dir, c.file)); err == nil {
			return fmt.Errorf("%s is the output of %s, not of 'tajikpeace run': this reads a run's output directory", dir, c.what)
		}
	}
	return nil // the caller says what is missing
}

// posteriorTitle is how a figure's title names a posterior: a built-in one
// by its name, a calibration's by its directory (or file) name.
func posteriorTitle(name string) string {
	if n, ok := strings.CutPrefix(name, "builtin:"); ok {
		return n
	}
	if filepath.Base(name) == "posterior.csv" {
		return filepath.Base(filepath.Dir(name))
	}
	return filepath.Base(name)
}
