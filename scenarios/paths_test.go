package scenarios

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"go.yaml.in/yaml/v3"
)

// Every path Paths offers for the baseline is one --set accepts (set to the
// value it already has, the scenario loads), and the paths a user types
// most are among them.
func TestPathsAreSettable(t *testing.T) {
	racetest.SkipSerial(t) // loads the baseline once a path
	res, err := Load("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	paths := Paths(res)
	for _, want := range []string{"parties.uto.cohesion", "observers.russia.interests.taliban", "span.step_days", "calendar.readiness"} {
		if !slices.Contains(paths, want) {
			t.Errorf("Paths lacks %s", want)
		}
	}
	if len(paths) < 100 {
		t.Fatalf("only %d paths", len(paths))
	}
	nodes := pathNodes(res)
	checked := 0
	for _, p := range paths {
		n := nodes[p]
		if strings.HasSuffix(p, ".id") || n.Kind != yaml.ScalarNode {
			continue // ids name records (set one and the record is another); lists are set whole
		}
		checked++
		v := n.Value
		if n.Tag == "!!str" {
			v = strconv.Quote(v) // text with ": " must be quoted on the command line too
		}
		if _, err := Load("baseline", []string{p + "=" + v}); err != nil {
			t.Errorf("--set %s=%s (its own value): %v", p, n.Value, err)
		}
	}
	if checked < 100 {
		t.Errorf("only %d scalar paths checked", checked)
	}
}

func TestValue(t *testing.T) {
	res, err := Load("baseline", []string{"observers.russia.interests.taliban=1.25"})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"observers.russia.interests.taliban": "1.25",
		"calendar.council_patience":          "20",
		"name":                               "baseline",
	} {
		if got, ok := Value(res, path); !ok || got != want {
			t.Errorf("Value(%s) = %q, %v; want %q", path, got, ok, want)
		}
	}
	for _, path := range []string{"observers.russia.interests", "no.such.path"} {
		if got, ok := Value(res, path); ok {
			t.Errorf("Value(%s) = %q: a mapping or an unknown path has no single value", path, got)
		}
	}
}
