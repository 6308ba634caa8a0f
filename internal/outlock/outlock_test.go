package outlock

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestOneHolderAtATime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	a, err := Acquire(out, "tajikpeace sweep (first)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(out, "second"); err == nil || !strings.Contains(err.Error(), "first") || !strings.Contains(err.Error(), "pid") {
		t.Errorf("a second holder: %v, want a refusal naming the first", err)
	}
	a.Release()
	b, err := Acquire(out, "third")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	b.Release()
	b.Release()
	if _, err := os.Stat(out + ".lock"); !os.IsNotExist(err) {
		t.Errorf("the lock file outlived its release: %v", err)
	}
}

// TestAKilledHolderReleases: the kernel drops a flock when its holder
// dies, even by kill -9; the stale file left behind does not block.
func TestAKilledHolderReleases(t *testing.T) {
	if os.Getenv("OUTLOCK_CHILD") != "" {
		if _, err := Acquire(os.Getenv("OUTLOCK_CHILD"), "child"); err != nil {
			os.Exit(2)
		}
		os.Stdout.WriteString("locked\n")
		select {}
	}
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(os.Args[0], "-test.run=^TestAKilledHolderReleases$")
	cmd.Env = append(os.Environ(), "OUTLOCK_CHILD="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if _, err := stdout.Read(buf); err != nil || string(buf) != "locked\n" {
		t.Fatalf("child: %q %v", buf, err)
	}
	if _, err := Acquire(out, "parent"); err == nil || !strings.Contains(err.Error(), "child") {
		t.Fatalf("while the child holds it: %v", err)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	l, err := Acquire(out, "parent")
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	l.Release()
}

func TestLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, d := range []string{".out.partial-123", ".out.partial-456", ".other.partial-1", "out"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	l, err := Acquire(out, "t")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	got := l.Leftovers(out)
	if len(got) != 2 {
		t.Errorf("removed %v, want the two .out.partial-* directories", got)
	}
	for _, keep := range []string{".other.partial-1", "out"} {
		if _, err := os.Stat(filepath.Join(dir, keep)); err != nil {
			t.Errorf("removed %s, which is not a leftover of out", keep)
		}
	}
}
