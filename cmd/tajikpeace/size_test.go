package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// TestSizeScalesPNGs: --size draws the same figures with more pixels (for
// print), the lettering to scale; it is refused for vector formats and
// outside its range.
func TestSizeScalesPNGs(t *testing.T) {
	racetest.SkipSerial(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "big")
	if _, err := execute(t, "run", "--seeds", "3", "--size", "1920", "--out", out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"timeline.png", "progress.png", "forces.png", "outcomes.png"} {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 1920 {
			t.Errorf("%s: %d px wide (%v), want 1920", name, cfg.Width, err)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--size", "1920", "--format", "svg"}, "drawn to scale"},
		{[]string{"--size", "100"}, "640 to 8000"},
	} {
		args := append([]string{"run", "--out", filepath.Join(dir, "bad")}, c.args...)
		if _, err := execute(t, args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}
