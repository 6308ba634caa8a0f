package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublishIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	write := func(content string, fail bool) func(string) error {
		return func(tmp string) error {
			if err := os.WriteFile(filepath.Join(tmp, "a.txt"), []byte(content), 0o644); err != nil {
				return err
			}
			if fail {
				return errors.New("disk full")
			}
			return nil
		}
	}
	if err := Publish(out, false, write("first", false)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		force   bool
		fail    bool
		want    string
		wantErr string
	}{
		{"a failure leaves the old directory", true, true, "first", "disk full"},
		{"an existing directory is not replaced without force", false, false, "first", "not replaced"},
		{"force replaces it", true, false, "second", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Publish(out, tt.force, write("second", tt.fail))
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			b, err := os.ReadFile(filepath.Join(out, "a.txt"))
			if err != nil || string(b) != tt.want {
				t.Errorf("a.txt = %q (%v), want %q", b, err, tt.want)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".out.partial-*"))
			if len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

func TestCheckpointCarriesOn(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cal")
	cp, err := OpenCheckpoint(out, false, "scenario", 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range []string{"0.5,8", "0.25,8"} {
		if err := cp.Add(item); err != nil {
			t.Fatal(err)
		}
	}
	cp.Close()
	// A killed process leaves a line cut off mid-write: it is dropped.
	f, err := os.OpenFile(cp.Path(), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("0.12")
	f.Close()

	again, err := OpenCheckpoint(out, false, "scenario", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Done(); len(got) != 2 || got[1] != "0.25,8" {
		t.Fatalf("resumed items %q, want the two whole lines", got)
	}
	if x, n, err := again.ParseLine(1); err != nil || x != 0.25 || n != 8 {
		t.Errorf("ParseLine(1) = %v, %v, %v", x, n, err)
	}
	again.Close()

	if _, err := OpenCheckpoint(out, false, "scenario", 2); err == nil || !strings.Contains(err.Error(), "different command") {
		t.Errorf("another command's checkpoint: error %v, want it refused", err)
	}
	forced, err := OpenCheckpoint(out, true, "scenario", 2)
	if err != nil || len(forced.Done()) != 0 {
		t.Fatalf("--force: %v items, error %v; want a fresh checkpoint", forced.Done(), err)
	}
	if err := forced.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(forced.Path()); !os.IsNotExist(err) {
		t.Errorf("checkpoint still there after Remove: %v", err)
	}
}

func TestOpenCSVChecksTheHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.csv")
	w, err := CreateCSV(path, []string{"run", "seed"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{"0", "1"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenCSV(path, []string{"run", "draw"}, "the sweep"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("wrong header: error %v, want line 1 named", err)
	}
	r, err := OpenCSV(path, []string{"run", "seed"}, "the sweep")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if rec, err := r.Read(); err != nil || rec[1] != "1" {
		t.Errorf("first row %v, %v", rec, err)
	}
}

func TestExactFloatReadsBack(t *testing.T) {
	for _, x := range []float64{0.1, 1.0 / 3, 6.02214076e23, -2.5e-300} {
		var back float64
		if _, err := fmtSscan(ExactFloat(x), &back); err != nil || back != x {
			t.Errorf("ExactFloat(%v) = %s reads back as %v", x, ExactFloat(x), back)
		}
	}
}

func fmtSscan(s string, x *float64) (int, error) { return fmt.Sscan(s, x) }

func TestFloatKeepsSixDigits(t *testing.T) {
	if got := Float(1.0 / 3); got != "0.333333" {
		t.Errorf("Float(1/3) = %s, want 0.333333", got)
	}
}

// TestClaim: an output directory is claimed by one command at a time, and
// an existing one is replaced only with force.
func TestClaim(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	l, _, err := Claim(out, "first", false)
	if err != nil {
		t.Fatalf("a new directory was refused: %v", err)
	}
	if _, _, err := Claim(out, "second", false); err == nil || !strings.Contains(err.Error(), "first") {
		t.Errorf("a second claim while the first holds the lock: %v, want a refusal naming the holder", err)
	}
	l.Release()
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Claim(out, "third", false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("an existing directory without force: %v, want a refusal that names --force", err)
	}
	l, _, err = Claim(out, "fourth", true)
	if err != nil {
		t.Errorf("an existing directory with force: %v", err)
	} else {
		l.Release()
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Claim(file, "fifth", true); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("a file as the output directory: %v, want a refusal", err)
	}
}
