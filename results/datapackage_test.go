package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDictionaryFollowsDataMD: every column the descriptor's dictionary
// describes is one docs/data.md names (the long descriptions are there).
func TestDictionaryFollowsDataMD(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "data.md"))
	if err != nil {
		t.Fatal(err)
	}
	for key := range dictionary {
		_, column, _ := strings.Cut(key, ":")
		if column == "" {
			column = key
		}
		if !strings.Contains(string(b), "`"+column+"`") {
			t.Errorf("the dictionary describes %s, which docs/data.md does not name", key)
		}
	}
}

// TestColumnTypes: a column takes the narrowest type all its values have.
func TestColumnTypes(t *testing.T) {
	for _, c := range []struct {
		cells []string
		want  string
	}{
		{[]string{"1", "2", ""}, "integer"},
		{[]string{"1", "2.5", "+Inf"}, "number"},
		{[]string{"1997-06-27", "-", "not reached"}, "date"},
		{[]string{"true", "false"}, "boolean"},
		{[]string{"1997-06-27", "soon"}, "string"},
		{[]string{"", ""}, "any"},
	} {
		var k kind
		for _, cell := range c.cells {
			k.see(cell)
		}
		if got := k.name(); got != c.want {
			t.Errorf("%v: %s, want %s", c.cells, got, c.want)
		}
	}
}
