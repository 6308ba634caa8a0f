package paramtable_test

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/paramtable"
)

// docTable parses docs/model.md section 10, the table readers see.
func docTable(t *testing.T) []paramtable.Row {
	t.Helper()
	b, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "## 10. Calibratable parameters")
	if i < 0 {
		t.Fatal("docs/model.md: no section '10. Calibratable parameters'")
	}
	section := doc[i:]
	if j := strings.Index(section[1:], "\n## "); j >= 0 {
		section = section[:j+1]
	}
	var out []paramtable.Row
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 6 {
			t.Fatalf("docs/model.md: row %q has %d cells, want 6", line, len(cells))
		}
		var nums [3]float64
		for k := range nums {
			if nums[k], err = strconv.ParseFloat(strings.TrimSpace(cells[3+k]), 64); err != nil {
				t.Fatalf("docs/model.md: row %q: %v", line, err)
			}
		}
		out = append(out, paramtable.Row{Path: strings.Trim(strings.TrimSpace(cells[0]), "`"),
			Meaning: strings.TrimSpace(cells[1]), Source: strings.TrimSpace(cells[2]),
			Baseline: nums[0], Min: nums[1], Max: nums[2]})
	}
	return out
}

// The table in docs/model.md is this one, row for row.
func TestDocsAgree(t *testing.T) {
	doc, rows := docTable(t), paramtable.Rows()
	if len(doc) != len(rows) {
		t.Fatalf("docs/model.md lists %d parameters, the table %d", len(doc), len(rows))
	}
	for i := range rows {
		if doc[i] != rows[i] {
			t.Errorf("row %d:\n docs/model.md %+v\n paramtable    %+v", i, doc[i], rows[i])
		}
	}
}

func TestRowsAreSound(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range paramtable.Rows() {
		if seen[r.Path] {
			t.Errorf("%s: listed twice", r.Path)
		}
		seen[r.Path] = true
		if !(r.Min < r.Max) || r.Baseline < r.Min || r.Baseline > r.Max {
			t.Errorf("%s: baseline %g outside %g..%g", r.Path, r.Baseline, r.Min, r.Max)
		}
		if r.Meaning == "" || r.Source == "" {
			t.Errorf("%s: no meaning or no source", r.Path)
		}
		if got, ok := paramtable.Find(r.Path); !ok || got != r {
			t.Errorf("Find(%s) = %+v, %v", r.Path, got, ok)
		}
	}
	rows := paramtable.Rows()
	rows[0].Max = -1
	if paramtable.Rows()[0].Max == -1 {
		t.Error("Rows returns the table itself, not a copy")
	}
}

// A sweep's points run from the range's bottom to its top, evenly, and
// whole numbers where the key takes them.
func TestPoints(t *testing.T) {
	for _, tc := range []struct {
		path  string
		whole bool
		want  []float64
	}{
		{"mechanisms.battlefield.mountain_factor", false, []float64{0.2, 0.6, 1}},
		{"calendar.council_patience", true, []float64{13, 59, 104}}, // 58.5 rounds up
	} {
		r, ok := paramtable.Find(tc.path)
		if !ok {
			t.Fatalf("%s: not in the table", tc.path)
		}
		got := r.Points(3, tc.whole)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: Points(3) = %v, want %v", tc.path, got, tc.want)
		}
		for k := range got {
			if math.Abs(got[k]-tc.want[k]) > 1e-12 {
				t.Errorf("%s: Points(3) = %v, want %v", tc.path, got, tc.want)
				break
			}
		}
	}
}
