package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

var sweepArgs = []string{"sweep", "--vary", "observers.russia.interests.taliban=0:3:4",
	"--vary", "mechanisms.track2.enabled=true,false", "--seeds", "15", "--quiet", "--no-figures"}

func sweepFiles(t *testing.T, dir string) (runs, points []byte) {
	t.Helper()
	runs, err := os.ReadFile(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	points, err = os.ReadFile(filepath.Join(dir, "points.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return runs, points
}

func TestSweepSameWithOneAndFourWorkers(t *testing.T) {
	dir := t.TempDir()
	for _, j := range []string{"1", "4"} {
		if _, err := execute(t, append(slices.Clone(sweepArgs), "-j", j, "--out", filepath.Join(dir, j))...); err != nil {
			t.Fatal(err)
		}
	}
	r1, p1 := sweepFiles(t, filepath.Join(dir, "1"))
	r4, p4 := sweepFiles(t, filepath.Join(dir, "4"))
	if !bytes.Equal(r1, r4) || !bytes.Equal(p1, p4) {
		t.Fatal("runs.csv or points.csv differ between -j 1 and -j 4")
	}
	if n := bytes.Count(r1, []byte("\n")); n != 1+8*15 {
		t.Errorf("runs.csv has %d lines, want a header and 120 runs", n)
	}
	if n := bytes.Count(p1, []byte("\n")); n != 1+8 {
		t.Errorf("points.csv has %d lines, want a header and 8 points", n)
	}
}

func TestSweepInterruptedAndResumedEqualsUninterrupted(t *testing.T) {
	dir := t.TempDir()
	whole, parts := filepath.Join(dir, "whole"), filepath.Join(dir, "parts")
	if _, err := execute(t, append(slices.Clone(sweepArgs), "--out", whole)...); err != nil {
		t.Fatal(err)
	}
	_, err := executeUntil(t, "run", 37, append(slices.Clone(sweepArgs), "--out", parts)...)
	if err == nil || !strings.Contains(err.Error(), "interrupted after 37 of 120 runs") || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("want an interruption naming --resume, got %v", err)
	}
	man, _ := os.ReadFile(filepath.Join(parts, "manifest.json"))
	if !bytes.Contains(man, []byte(`"complete": false`)) || !bytes.Contains(man, []byte(`"runs_done": 37`)) {
		t.Errorf("the interrupted manifest does not say so:\n%s", man)
	}
	// A second interruption, then the end.
	if _, err := executeUntil(t, "run", 50, "sweep", "--resume", parts, "--quiet", "--no-figures"); err == nil {
		t.Fatal("the second stop did not stop")
	}
	if _, err := execute(t, "sweep", "--resume", parts, "--quiet", "--no-figures", "-j", "3"); err != nil {
		t.Fatal(err)
	}
	rw, pw := sweepFiles(t, whole)
	rp, pp := sweepFiles(t, parts)
	if !bytes.Equal(rw, rp) || !bytes.Equal(pw, pp) {
		t.Fatal("the resumed sweep differs from the uninterrupted one")
	}
	if _, err := execute(t, "sweep", "--resume", parts); err == nil || !strings.Contains(err.Error(), "already complete") {
		t.Errorf("resuming a complete sweep: %v", err)
	}
}

// TestSweepResumeUsesItsOwnScenario: a sweep resumed after its scenario file
// was edited (or moved away) finishes with the scenario it began with.
func TestSweepResumeUsesItsOwnScenario(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(file, []byte("extends: baseline\nname: Mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"sweep", file, "--vary", "parties.uto.cohesion=0.5:0.9:3", "--seeds", "20", "--quiet", "--no-figures"}
	whole, parts := filepath.Join(dir, "whole"), filepath.Join(dir, "parts")
	if _, err := execute(t, append(slices.Clone(args), "--out", whole)...); err != nil {
		t.Fatal(err)
	}
	if _, err := executeUntil(t, "run", 25, append(slices.Clone(args), "--out", parts)...); err == nil {
		t.Fatal("the sweep was not interrupted")
	}
	// Talks that teach the envoy nothing: a scenario that plays differently.
	if err := os.WriteFile(file, []byte("extends: baseline\nname: Mine\nmediator:\n  round_gain: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := executeUntil(t, "run", 10, "sweep", "--resume", parts, "--quiet", "--no-figures"); err == nil {
		t.Fatal("the second stop did not stop")
	}
	// And the rest with the file gone.
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "sweep", "--resume", parts, "--quiet", "--no-figures"); err != nil {
		t.Fatal(err)
	}
	rw, pw := sweepFiles(t, whole)
	rp, pp := sweepFiles(t, parts)
	if !bytes.Equal(rw, rp) || !bytes.Equal(pw, pp) {
		t.Fatal("the resumed sweep used the edited file, not the scenario it began with")
	}
}

func TestMergeOfShardsEqualsUnsharded(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if _, err := execute(t, append(slices.Clone(sweepArgs), "--out", whole)...); err != nil {
		t.Fatal(err)
	}
	var shards []string
	for i := range 3 {
		s := filepath.Join(dir, "shard", string(rune('0'+i)))
		shards = append(shards, s)
		if _, err := execute(t, append(slices.Clone(sweepArgs), "--shard", string(rune('0'+i))+"/3", "--out", s)...); err != nil {
			t.Fatal(err)
		}
	}
	merged := filepath.Join(dir, "merged")
	if _, err := execute(t, append([]string{"merge", "--out", merged, "--no-figures"}, shards[2], shards[0], shards[1])...); err != nil {
		t.Fatal(err)
	}
	rw, pw := sweepFiles(t, whole)
	rm, pm := sweepFiles(t, merged)
	if !bytes.Equal(rw, rm) || !bytes.Equal(pw, pm) {
		t.Fatal("the merged shards differ from the unsharded sweep")
	}
	if _, err := execute(t, "merge", "--out", filepath.Join(dir, "bad"), shards[0], shards[1]); err == nil || !strings.Contains(err.Error(), "shard 2/3 is missing") {
		t.Errorf("a missing shard: %v", err)
	}
}

// TestMergeRefusesShardsOfAnEditedScenario: shards of one plan whose
// scenario file was edited between them are not merged.
func TestMergeRefusesShardsOfAnEditedScenario(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.yaml")
	args := []string{"sweep", file, "--vary", "parties.uto.cohesion=0.5:0.9:3", "--seeds", "5", "--quiet", "--no-figures"}
	for i, body := range []string{"extends: baseline\nname: Mine\n", "extends: baseline\nname: Mine\nmediator:\n  round_gain: 0\n"} {
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		shard := strconv.Itoa(i) + "/2"
		if _, err := execute(t, append(slices.Clone(args), "--shard", shard, "--out", filepath.Join(dir, strconv.Itoa(i)))...); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "merged")
	_, err := execute(t, "merge", "--out", out, "--no-figures", filepath.Join(dir, "0"), filepath.Join(dir, "1"))
	if err == nil || !strings.Contains(err.Error(), "ran different scenarios") {
		t.Fatalf("merging shards of two versions of a file: %v", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("the refused merge left %s behind", out)
	}
}

// TestSweepRowReRunsAlone: any row re-runs alone from its recorded seed,
// stream and parameter values.
func TestSweepRowReRunsAlone(t *testing.T) {
	dir := t.TempDir()
	sw := filepath.Join(dir, "sweep")
	if _, err := execute(t, append(slices.Clone(sweepArgs), "--out", sw, "--seed", "9")...); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(filepath.Join(sw, "runs.csv"))
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	header, row := recs[0], recs[1+5*15+7] // point 5, replicate 7
	one := filepath.Join(dir, "one")
	if _, err := execute(t, "run", "--set", header[4]+"="+row[4], "--set", header[5]+"="+row[5],
		"--seed", row[3], "--run", row[2], "--out", one, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	f, _ = os.Open(filepath.Join(one, "runs.csv"))
	alone, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// runs.csv of run: run, seed, milestones..., terms...; of sweep: point,
	// replicate, stream, seed, parameters..., milestones..., terms...
	if !slices.Equal(alone[1][2:], row[6:]) {
		t.Errorf("the run alone differs from its sweep row:\n%v\n%v", alone[1][2:], row[6:])
	}
}

func TestSweepCommonRandomNumbers(t *testing.T) {
	out := filepath.Join(t.TempDir(), "crn")
	if _, err := execute(t, append(slices.Clone(sweepArgs), "--crn", "--out", out)...); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(filepath.Join(out, "runs.csv"))
	recs, _ := csv.NewReader(f).ReadAll()
	f.Close()
	for _, r := range recs[1:] {
		if r[1] != r[2] {
			t.Fatalf("with --crn the stream is the replicate, got replicate %s stream %s", r[1], r[2])
		}
	}
	man, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if !bytes.Contains(man, []byte(`"common_random_numbers": true`)) {
		t.Error("the manifest does not record the choice")
	}
}

func TestSweepBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--vary", "observers.russa.interests.taliban=0:1:3"}, `did you mean "russia"`},
		{[]string{"--vary", "observers.russia.interests.taliban=1:0:3"}, "reversed"},
		{[]string{"--vary", "observers.russia.interests.taliban=0:1:0"}, "empty"},
		{[]string{"--vary", "observers.russia.interests.taliban=a,b"}, "expected a number"},
		{[]string{"--vary", "parties.uto.cohesion=0:1:11", "--seeds", "30", "--max-runs", "100"}, "add --yes"},
		{[]string{"--vary", "parties.uto.cohesion=0:1:3", "--shard", "5/4"}, "0 <= i < n"},
		{[]string{"--seeds", "10"}, "name at least one parameter"},
		// Issue #12 item 16: rows were labelled with values that did not run.
		{[]string{"--vary", "parties.uto.cohesion=0.5,0.6", "--vary", "parties.uto.cohesion=0.7,0.8"}, "varied twice"},
		{[]string{"--vary", "parties.uto.cohesion=0.5,0.6", "--set", "parties.uto.cohesion=0.9"}, "also given with --set"},
	}
	for i, c := range cases {
		out := filepath.Join(dir, "out")
		_, err := execute(t, append([]string{"sweep", "--quiet", "--out", out}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("case %d %v: want an error containing %q, got %v", i, c.args, c.want, err)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Errorf("case %d: wrote %s", i, out)
		}
	}
}

// TestMergeRefusesWhatIsNotAShardAndItsOwnInput: a run directory given to
// merge panicked and left a lone scenario.yaml behind (issue #12 item 4);
// --out naming one of the shards, with --force, deleted that shard before
// reading it (item 2).
func TestMergeRefusesWhatIsNotAShardAndItsOwnInput(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if _, err := execute(t, "run", "--no-figures", "--out", run); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "m")
	_, err := execute(t, "merge", "--out", out, run)
	if err == nil || !strings.Contains(err.Error(), "is not a sweep output") {
		t.Errorf("merging a run directory: %v", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("the refused merge left %s behind", out)
	}
	var shards []string
	for i := range 2 {
		s := filepath.Join(dir, strconv.Itoa(i))
		shards = append(shards, s)
		if _, err := execute(t, append(slices.Clone(sweepArgs), "--shard", strconv.Itoa(i)+"/2", "--out", s)...); err != nil {
			t.Fatal(err)
		}
	}
	_, err = execute(t, "merge", "--out", shards[0], "--force", "--no-figures", shards[0], shards[1])
	if err == nil || !strings.Contains(err.Error(), "is one of the shards being merged") {
		t.Errorf("merging into one of the shards: %v", err)
	}
	if _, statErr := os.Stat(filepath.Join(shards[0], "runs.csv")); statErr != nil {
		t.Errorf("the shard given as --out lost its runs: %v", statErr)
	}
}

// TestSweepUnderAPosterior: every run draws a posterior set (the last
// column of runs.csv); under --crn replicate r takes the same set at every
// point; an interrupted sweep resumed, and shards merged, give the files of
// an uninterrupted sweep; a varied path the posterior sets is refused; and
// a sweep directory whose posterior copy was edited is refused on resume.
func TestSweepUnderAPosterior(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	post := filepath.Join(dir, "posterior.csv")
	if err := os.WriteFile(post, []byte(tinyPosterior), 0o644); err != nil {
		t.Fatal(err)
	}
	args := func(out string, extra ...string) []string {
		return append([]string{"sweep", "endogenous", "--vary", "parties.uto.cohesion=0.5:0.7:3", "--seeds", "12", "--crn",
			"--posterior", post, "--quiet", "--no-figures", "--out", out}, extra...)
	}
	whole := filepath.Join(dir, "whole")
	if _, err := execute(t, args(whole, "-j", "3")...); err != nil {
		t.Fatal(err)
	}
	runs, points := sweepFiles(t, whole)
	rows, err := csv.NewReader(bytes.NewReader(runs)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][len(rows[0])-1] != "draw" {
		t.Fatalf("runs.csv header %v: want draw last", rows[0])
	}
	byRep := map[string]string{}
	for _, r := range rows[1:] {
		rep, draw := r[1], r[len(r)-1]
		if prev, ok := byRep[rep]; ok && prev != draw {
			t.Fatalf("replicate %s took set %s at one point and %s at another under --crn", rep, prev, draw)
		}
		byRep[rep] = draw
	}
	parts := filepath.Join(dir, "parts")
	if _, err := executeUntil(t, "run", 17, args(parts)...); err == nil {
		t.Fatal("expected an interruption")
	}
	if _, err := execute(t, "sweep", "--resume", parts, "--quiet", "--no-figures"); err != nil {
		t.Fatal(err)
	}
	r2, p2 := sweepFiles(t, parts)
	if !bytes.Equal(runs, r2) || !bytes.Equal(points, p2) {
		t.Error("a resumed sweep under a posterior differs from an uninterrupted one")
	}
	var shards []string
	for i := range 2 {
		s := filepath.Join(dir, "shard"+strconv.Itoa(i))
		if _, err := execute(t, args(s, "--shard", strconv.Itoa(i)+"/2")...); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, s)
	}
	merged := filepath.Join(dir, "merged")
	if _, err := execute(t, append(append([]string{"merge"}, shards...), "--out", merged)...); err != nil {
		t.Fatal(err)
	}
	r3, p3 := sweepFiles(t, merged)
	if !bytes.Equal(runs, r3) || !bytes.Equal(points, p3) {
		t.Error("merged shards under a posterior differ from the unsharded sweep")
	}
	if _, err := os.Stat(filepath.Join(merged, "posterior.csv")); err != nil {
		t.Errorf("the merged sweep has no copy of its posterior: %v", err)
	}
	// Varying a parameter of the posterior keeps the varied value in every
	// run (the rest are drawn).
	varied := filepath.Join(dir, "varied")
	if _, err = execute(t, "sweep", "endogenous", "--vary", "calendar.readiness=0.2,0.5", "--seeds", "20", "--crn", "--posterior", post,
		"--quiet", "--no-figures", "--out", varied); err != nil {
		t.Fatal(err)
	}
	vr, vp := sweepFiles(t, varied)
	if !bytes.Contains(vr, []byte(",0.2,")) || bytes.Equal(pointRow(t, vp, 1), pointRow(t, vp, 2)) {
		t.Error("the varied posterior parameter did not vary the results")
	}
	edited := filepath.Join(dir, "edited")
	if _, err := executeUntil(t, "run", 5, args(edited)...); err == nil {
		t.Fatal("expected an interruption")
	}
	if err := os.WriteFile(filepath.Join(edited, "posterior.csv"), []byte(strings.Replace(tinyPosterior, "0.8", "0.9", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = execute(t, "sweep", "--resume", edited, "--quiet", "--no-figures")
	if err == nil || !strings.Contains(err.Error(), "hash differs") {
		t.Errorf("resuming with an edited posterior: %v", err)
	}
}

// pointRow is row i (1-based, after the header) of points.csv without its
// point and parameter columns.
func pointRow(t *testing.T, points []byte, i int) []byte {
	t.Helper()
	rows := bytes.Split(points, []byte("\n"))
	if i >= len(rows) {
		t.Fatalf("points.csv has no row %d", i)
	}
	f := bytes.SplitN(rows[i], []byte(","), 3)
	return f[len(f)-1]
}
