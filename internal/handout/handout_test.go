package handout

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/handouts from docs/teaching.md")

// TestHandoutsFollowTheGuide: docs/handouts holds exactly what the guide
// gives today (make handouts, or go test -update, rewrites it), and no
// handout carries the lecturer's parts.
func TestHandoutsFollowTheGuide(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "teaching.md"))
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]string{}
	for _, n := range []string{"1", "2", "3", "4"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "docs", "figures", "lesson"+n+"-table.md"))
		if err != nil {
			t.Fatal(err)
		}
		tables[n] = string(b)
	}
	pages, err := Build(string(guide), tables)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 5 {
		t.Errorf("%d handouts, want four lessons and the timeline", len(pages))
	}
	dir := filepath.Join("..", "..", "docs", "handouts")
	for name, page := range pages {
		for _, lecturer := range []string{"What the model shows", "Answer key", "**Run.**"} {
			if strings.Contains(page, lecturer) {
				t.Errorf("%s carries the lecturer's %q", name, lecturer)
			}
		}
		if strings.HasPrefix(name, "lesson") {
			for _, part := range []string{"**Question.**", "*Figure 1.", "*Figure 2.", "**The numbers**", "**What to look for.**", "**Discussion.**", "**What the model cannot say.**"} {
				if !strings.Contains(page, part) {
					t.Errorf("%s lacks %s", name, part)
				}
			}
		}
		printable, err := HTML(page)
		if err != nil {
			t.Fatal(err)
		}
		// The printable page links only figures that are there.
		for _, m := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllSubmatch(printable, -1) {
			if _, err := os.Stat(filepath.Join(dir, string(m[1]))); err != nil {
				t.Errorf("%s links %s: %v", name, m[1], err)
			}
		}
		for file, body := range map[string][]byte{name: []byte(page), strings.TrimSuffix(name, ".md") + ".html": printable} {
			path := filepath.Join(dir, file)
			if *update {
				if err := os.WriteFile(path, body, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, body) {
				t.Errorf("%s is not what docs/teaching.md gives today (make handouts): %v", path, err)
			}
		}
	}
}
