package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/internal/outlock"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// execute runs the command line as the binary would, capturing its output.
func execute(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

// executeUntil runs the command and cancels its context, as Ctrl-C would,
// once it has finished n units of work of the kind unit ("run", "point",
// "generation"; see unitHookKey).
func executeUntil(t *testing.T, unit string, n int, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := 0
	ctx = context.WithValue(ctx, unitHookKey{}, func(u string) {
		if u != unit {
			return
		}
		if done++; done == n {
			cancel()
		}
	})
	cmd := newRootCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	return out.String(), err
}

// The files that must be byte-identical for the same scenario and seed. The
// manifest is left out: it names the build's VCS revision and command line.
var dataFiles = []string{"scenario.yaml", "summary.json", "runs.csv", "steps.csv", "events.log"}

func TestGoldenRun(t *testing.T) {
	racetest.SkipSerial(t)
	out := filepath.Join(t.TempDir(), "out")
	if _, err := execute(t, "run", "testdata/golden.yaml", "--seed", "42", "--out", out); err != nil {
		t.Fatal(err)
	}
	for _, name := range dataFiles {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/tajikpeace -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update if the change is intended)", name, golden)
		}
	}
}

func TestEnsembleSameWithOneAndFourWorkers(t *testing.T) {
	dir := t.TempDir()
	for _, j := range []string{"1", "4"} {
		if _, err := execute(t, "run", "--seeds", "200", "--seed", "5", "-j", j, "--out", filepath.Join(dir, j), "--no-figures"); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range dataFiles {
		a, _ := os.ReadFile(filepath.Join(dir, "1", name))
		b, _ := os.ReadFile(filepath.Join(dir, "4", name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs between -j 1 and -j 4 (or is empty)", name)
		}
	}
}

func TestRunWritesACompleteDirectory(t *testing.T) {
	racetest.SkipSerial(t)
	out := filepath.Join(t.TempDir(), "out")
	stdout, err := execute(t, "run", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"general_agreement", "historical", "uto_share_posts"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("printed table lacks %q", want)
		}
	}
	var man results.Manifest
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	if !man.Complete || man.Seed != 1 || man.Runs != 1 || len(man.ScenarioSHA) != 64 {
		t.Errorf("incomplete manifest: %+v", man)
	}
	for _, name := range append(slices.Clone(dataFiles), "timeline.png", "progress.png", "forces.png", "report.html") {
		if !slices.Contains(man.Outputs, name) {
			t.Errorf("manifest does not list %s", name)
		}
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty", name)
		}
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o755 {
		t.Errorf("output directory mode %v, want 0755", st.Mode().Perm())
	}
	log, _ := os.ReadFile(filepath.Join(out, "events.log"))
	if !strings.Contains(string(log), "signed on the UN draft") {
		t.Error("event log has no signing")
	}
	// The resolved scenario runs as is, to the same results.
	again := filepath.Join(t.TempDir(), "again")
	if _, err := execute(t, "run", filepath.Join(out, "scenario.yaml"), "--out", again); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"summary.json", "runs.csv", "events.log"} {
		a, _ := os.ReadFile(filepath.Join(out, name))
		b, _ := os.ReadFile(filepath.Join(again, name))
		if !bytes.Equal(a, b) {
			t.Errorf("re-running the resolved scenario changed %s", name)
		}
	}
}

func TestRunRefusesToOverwrite(t *testing.T) {
	racetest.SkipSerial(t)
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(out, "earlier-results.csv")
	os.WriteFile(marker, []byte("keep me"), 0o644)
	_, err := execute(t, "run", "--out", out)
	if err == nil || !strings.Contains(err.Error(), "already exists") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("want a refusal naming --force, got %v", err)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("earlier results were touched")
	}
	if _, err := execute(t, "run", "--out", out, "--force"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("--force kept the old directory's files")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), "partial") {
			t.Errorf("left a temporary directory behind: %s", e.Name())
		}
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("extends: baseline\nname: bad\nparties:\n  - id: uto\n    cohesion: 2\n"), 0o644)
	cases := [][]string{
		{"run", bad},
		{"run", "baselin"},
		{"run", filepath.Join(dir, "missing.yaml")},
		{"run", "--set", "parties.uto.cohesion=x"},
		{"run", "--seeds", "0"},
		{"run", "--format", "gif"},
		{"validate", bad},
	}
	for i, args := range cases {
		out := filepath.Join(dir, "out")
		_, err := execute(t, append(args, "--out", out)[:len(args)+btoi(args[0] == "run")*2]...)
		if err == nil {
			t.Errorf("case %d %v: no error", i, args)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Errorf("case %d %v: wrote %s", i, args, out)
		}
	}
	_, err := execute(t, "validate", bad)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:5: parties.uto.cohesion") {
		t.Errorf("validate: want file:line: key path, got %v", err)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestSettingsFromEnvironmentAndFile(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	t.Setenv("TAJIKPEACE_SEEDS", "3")
	out := filepath.Join(dir, "env")
	if _, err := execute(t, "run", "--out", out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if !strings.Contains(string(b), `"runs": 3`) {
		t.Errorf("TAJIKPEACE_SEEDS was not applied: %s", b)
	}
	cfg := filepath.Join(dir, "settings.yaml")
	os.WriteFile(cfg, []byte("seed: 9\nsedes: 4\n"), 0o644)
	if _, err := execute(t, "run", "--config", cfg, "--out", filepath.Join(dir, "cfg")); err == nil || !strings.Contains(err.Error(), `unknown setting "sedes"`) {
		t.Errorf("want an unknown-setting error, got %v", err)
	}
}

// TestScenariosDiffGolden: the diff of a known pair is golden.
func TestScenariosDiffGolden(t *testing.T) {
	got, err := execute(t, "scenarios", "diff", "endogenous", "russia-arms")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "diff-endogenous-russia-arms.txt")
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("scenarios diff output changed:\n%s\nwant:\n%s", got, want)
	}
}

func TestScenariosListAndShow(t *testing.T) {
	list, err := execute(t, "scenarios")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"baseline", "no-taliban", "russia-arms", "parties-draft"} {
		if !strings.Contains(list, name) {
			t.Errorf("scenarios list lacks %s", name)
		}
	}
	shown, err := execute(t, "scenarios", "show", "no-taliban")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(shown, "extends:") || !strings.Contains(shown, "name: no-taliban") || !strings.Contains(shown, "disabled: true") {
		t.Errorf("show does not print the resolved scenario:\n%.300s", shown)
	}
	if _, err := execute(t, "scenarios", "show", "no-talibam"); err == nil || !strings.Contains(err.Error(), `did you mean "no-taliban"`) {
		t.Errorf("unknown name: %v", err)
	}
}

// TestSettingsOfTheWrongTypeAreRefused: a setting from the environment or
// a settings file that is not of its flag's type was read as 0 and the
// command ran on (issue #12 item 20); -j had no bound (item 6), nor
// --seeds (item 5: out of memory with a stack trace).
func TestSettingsOfTheWrongTypeAreRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "settings.yaml")
	if err := os.WriteFile(cfg, []byte("seeds: many\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  [2]string
		args []string
		want []string
	}{
		{"workers from the environment", [2]string{"TAJIKPEACE_WORKERS", "abc"}, nil, []string{"TAJIKPEACE_WORKERS", "expected a whole number for --workers", `"abc"`}},
		{"seeds from the environment", [2]string{"TAJIKPEACE_SEEDS", "12x"}, nil, []string{"TAJIKPEACE_SEEDS", "--seeds", `"12x"`}},
		{"seeds from a settings file", [2]string{}, []string{"--config", cfg}, []string{"settings file", "seeds", "expected a whole number", `"many"`}},
		{"negative workers", [2]string{}, []string{"-j", "-1"}, []string{"--workers -1", "expected 0 (all cores) to 1024"}},
		{"too many workers", [2]string{}, []string{"-j", "100000000"}, []string{"--workers 100000000", "to 1024"}},
		{"an ensemble too large for memory", [2]string{}, []string{"--seeds", "1000000000000"}, []string{"--seeds 1000000000000", "--max-runs 200000", "add --yes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env[0] != "" {
				t.Setenv(tc.env[0], tc.env[1])
			}
			args := append([]string{"run", "--no-figures", "--out", filepath.Join(t.TempDir(), "o")}, tc.args...)
			_, err := execute(t, args...)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestWholeNumberParametersAreRefusedByCalibrate: a draw of 6.2 for
// span.step_days was once truncated silently (issue #12 item 9); now the
// scenario refuses it, so calibrate and sensitivity say so before running.
func TestWholeNumberParametersAreRefusedByCalibrate(t *testing.T) {
	params := writeParams(t, "params:\n  - {path: span.step_days, min: 1, max: 14}\n")
	for _, cmd := range []string{"calibrate", "sensitivity"} {
		_, err := execute(t, cmd, "--params", params, "--out", filepath.Join(t.TempDir(), "o"))
		if err == nil || !strings.Contains(err.Error(), "span.step_days") || !strings.Contains(err.Error(), "whole-number") {
			t.Errorf("%s: error %v, want one naming span.step_days as a whole-number setting", cmd, err)
		}
	}
}

// TestSpecialFilesAreRefused: `validate /dev/zero` read without limit and
// a FIFO blocked for ever (issue #12 item 7); a scenario, a parameter file
// or a posterior that is not a regular file is now refused at once.
func TestSpecialFilesAreRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, args := range [][]string{
		{"validate", "/dev/zero"},
		{"validate", fifo},
		{"run", fifo},
		{"calibrate", "--params", fifo, "--out", filepath.Join(t.TempDir(), "c")},
		{"run", "--posterior", "/dev/zero", "--out", filepath.Join(t.TempDir(), "r")},
	} {
		done := make(chan error, 1)
		go func() { _, err := execute(t, args...); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%v: error %v, want one saying it is not a regular file", args, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v did not return", args)
		}
	}
}

// TestOutputDirectoriesAreLocked: while one command writes an output
// directory, every other command that would write it is refused, naming
// the holder, and leaves it untouched (two resumes of one sweep at once
// wrote 17,971 rows for 10,000 runs; a sweep --force replaced a directory
// under a running sweep: issue #12 items 1 and 3). A killed command's
// hidden leftovers are removed by the next one.
func TestOutputDirectoriesAreLocked(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if _, err := executeUntil(t, "run", 5, "sweep", "--vary", "parties.uto.cohesion=0.5,0.6", "--seeds", "10", "--quiet", "--no-figures",
		"--out", out); err == nil {
		t.Fatal("expected an interruption")
	}
	before, _ := os.ReadFile(filepath.Join(out, "runs.csv"))
	held, err := outlock.Acquire(out, "tajikpeace sweep --resume (the other one)")
	if err != nil {
		t.Fatal(err)
	}
	params := writeParams(t, "params:\n  - {path: observers.russia.interests.taliban}\n")
	for _, args := range [][]string{
		{"sweep", "--resume", out, "--quiet"},
		{"sweep", "--vary", "parties.uto.cohesion=0.5,0.6", "--seeds", "2", "--out", out, "--force", "--quiet"},
		{"run", "--out", out, "--force"},
		{"compare", "endogenous", "no-taliban", "--seeds", "2", "--out", out, "--force"},
		{"calibrate", "--params", params, "--particles", "10", "--seeds", "1", "--generations", "1", "--out", out, "--force", "--quiet"},
		{"sensitivity", "--params", params, "--out", out, "--force", "--quiet"},
		{"merge", out, "--out", out, "--force"},
	} {
		_, err := execute(t, args...)
		if err == nil || !strings.Contains(err.Error(), "being written by another command") || !strings.Contains(err.Error(), "the other one") {
			t.Errorf("%v while another command holds %s: %v", args[0], out, err)
		}
	}
	after, _ := os.ReadFile(filepath.Join(out, "runs.csv"))
	if string(before) != string(after) {
		t.Error("a refused command changed the directory")
	}
	held.Release()
	if _, err := execute(t, "sweep", "--resume", out, "--quiet", "--no-figures"); err != nil {
		t.Errorf("after the holder released it: %v", err)
	}
	// A run killed while publishing leaves a hidden .out.partial-* sibling,
	// holding a manifest that says complete; the next command removes it.
	runOut := filepath.Join(dir, "r")
	leftover := filepath.Join(dir, ".r.partial-123")
	if err := os.MkdirAll(leftover, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(leftover, "manifest.json"), []byte(`{"complete": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "run", "--out", runOut, "--no-figures"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the leftover of a killed run is still there: %v", err)
	}
}

// TestSIGTERMStopsLikeCtrlC: SIGTERM, what Slurm and timeout send, stops a
// sweep as Ctrl-C does (issue #12 item 19): the finished runs are kept, the
// manifest says incomplete, and --resume finishes it.
func TestSIGTERMStopsLikeCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "tajikpeace")
	if out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "sweep")
	cmd := exec.Command(bin, "sweep", "--vary", "parties.uto.cohesion=0.3:0.9:40", "--seeds", "2000", "--yes", "-j", "1",
		"--quiet", "--no-figures", "--out", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(out, "runs.csv"))
		if bytes.Count(b, []byte("\n")) > 100 {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("the sweep wrote no runs in 30 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if err == nil || !strings.Contains(stderr.String(), "interrupted after") {
		t.Fatalf("after SIGTERM: %v, stderr %q; want an exit naming the interruption", err, stderr.String())
	}
	var man struct {
		Complete bool `json:"complete"`
		RunsDone int  `json:"runs_done"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err := json.Unmarshal(b, &man); err != nil || man.Complete || man.RunsDone == 0 {
		t.Fatalf("manifest after SIGTERM: %+v (%v), want incomplete with runs kept", man, err)
	}
	if _, err := os.Stat(out + ".lock"); !os.IsNotExist(err) {
		t.Errorf("the lock file outlived the command: %v", err)
	}
}

// TestMessagesOfIssue12Item20: inputs once accepted silently, or reported
// misleadingly, now get a clear error.
func TestMessagesOfIssue12Item20(t *testing.T) {
	dir := t.TempDir()
	sweepDir := filepath.Join(dir, "sweep")
	if _, err := execute(t, "sweep", "--vary", "parties.uto.cohesion=0.5,0.6", "--seeds", "2", "--quiet", "--no-figures", "--out", sweepDir); err != nil {
		t.Fatal(err)
	}
	params := writeParams(t, "params:\n  - {path: observers.russia.interests.taliban}\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--set", "", "--out", filepath.Join(dir, "a")}, "expected key.path=value"},
		{[]string{"sweep", "--vary", "", "--out", filepath.Join(dir, "b")}, `--vary ""`},
		{[]string{"run", "--out", ""}, "--out: expected a directory"},
		{[]string{"run", "--run", "-5", "--out", filepath.Join(dir, "c")}, "--run -5"},
		{[]string{"sweep", "--resume", sweepDir, "--seeds", "5"}, "--seeds cannot change it"},
		{[]string{"plot", sweepDir}, "output of a sweep"},
		{[]string{"sweep", "--vary", "parties.uto.cohesion=0.5:0.9", "--out", filepath.Join(dir, "f")}, "a range is from:to:steps"},
		{[]string{"sweep", "--vary", "parties.utoo.cohesion=0.5,0.6", "--out", filepath.Join(dir, "g")}, "--vary: parties.utoo.cohesion"},
		{[]string{"compare", sweepDir, "baseline", "--out", filepath.Join(dir, "d")}, "output of a sweep"},
		{[]string{"calibrate", "--params", params, "--target", sweepDir, "--out", filepath.Join(dir, "e")}, "output of a sweep"},
	} {
		_, err := execute(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error saying %q", tc.args, err, tc.want)
		}
	}
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, []byte("extends: \"\"\nname: e\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "validate", empty); err == nil || !strings.Contains(err.Error(), "empty.yaml:1: extends") {
		t.Errorf("extends: \"\": %v", err)
	}
}
