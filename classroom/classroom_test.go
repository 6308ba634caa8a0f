package classroom

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

// TestRunGivesTheCommandLinesNumbers: the page's tables are those of
// `tajikpeace run` for the same scenario, overrides, runs and seed, to the
// byte once written as JSON, and the progress reaches its total.
func TestRunGivesTheCommandLinesNumbers(t *testing.T) {
	q, err := ParseQuery("?scenario=no-taliban&seeds=30&seed=7&set=parties.uto.cohesion=0.7")
	if err != nil {
		t.Fatal(err)
	}
	last, total := 0, 0
	res, err := Run(context.Background(), q, func(done, all int) { last, total = done, all })
	if err != nil {
		t.Fatal(err)
	}
	if last != 60 || total != 60 {
		t.Errorf("progress ended at %d of %d, want 60 of 60 (30 runs of the question and of its reference)", last, total)
	}
	for name, got := range map[string]any{"no-taliban": res.Arms[0].Table, "endogenous": res.Arms[1].Table} {
		sc, err := scenarios.Load(name, q.Sets)
		if err != nil {
			t.Fatal(err)
		}
		cli, err := studies.Ensemble(context.Background(), sc, 7, 30, 2)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(cli.Table)
		if string(a) != string(b) {
			t.Errorf("%s: the page's table differs from the command line's", name)
		}
	}
	if res.Question == "" || !strings.Contains(res.Query, "scenario=no-taliban") {
		t.Errorf("the result does not state its question (%q) or query (%q)", res.Question, res.Query)
	}
}

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want Query
		err  string // a part of the error, "" for none
	}{
		{"", Query{Scenario: "baseline", Reference: "endogenous", Seeds: DefaultSeeds, Seed: 1}, ""},
		{"?scenario=endogenous", Query{Scenario: "endogenous", Seeds: DefaultSeeds, Seed: 1}, ""},
		{"scenario=no-taliban&ref=none&seeds=100&seed=3&set=a.b=1&set=c.d=2",
			Query{Scenario: "no-taliban", Seeds: 100, Seed: 3, Sets: []string{"a.b=1", "c.d=2"}}, ""},
		{"scenario=my.yaml", Query{}, "built-in"},
		{"scenario=no-taliban&ref=../x.yaml", Query{}, "ref"},
		{"seeds=1", Query{}, "seeds"},
		{"seeds=1000000", Query{}, "seeds"},
		{"seed=-1", Query{}, "seed"},
		{"set=nothing", Query{}, "key.path=value"},
		{"colour=red", Query{}, "unknown key"},
		{"seeds=10&seeds=20", Query{}, "once"},
		{"%zz", Query{}, "query"},
	} {
		got, err := ParseQuery(c.raw)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.raw, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: %v, want an error saying %q", c.raw, err, c.err)
		case c.err == "" && !reflect.DeepEqual(got, c.want):
			t.Errorf("%q: %+v, want %+v", c.raw, got, c.want)
		}
	}
}

// FuzzParseQuery: any address is refused or read, never a panic, and what
// is read writes back to a query that reads the same.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "scenario=no-taliban&seeds=500&seed=1&set=observers.russia.interests.taliban=0.5",
		"ref=none&seeds=2", "set=a=b&set=c.d=e", "%", "seeds=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := ParseQuery(raw)
		if err != nil {
			return
		}
		back, err := ParseQuery(q.Encode())
		if err != nil || !reflect.DeepEqual(back, q) {
			t.Fatalf("%q read as %+v, written as %q, read back as %+v (%v)", raw, q, q.Encode(), back, err)
		}
	})
}

// TestScenariosListsEveryBuiltinWithItsOwnWords: the page's menu gives
// each built-in scenario the title and question its resolved scenario has.
func TestScenariosListsEveryBuiltinWithItsOwnWords(t *testing.T) {
	list, err := Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(scenarios.Builtin()) {
		t.Fatalf("%d entries for %d built-in scenarios", len(list), len(scenarios.Builtin()))
	}
	for _, e := range list {
		d, err := Describe(e.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e.Title != d.Title || e.Question != d.Question || e.Title == "" || e.Question == "" {
			t.Errorf("%s: listed as %q / %q, resolved %q / %q", e.Name, e.Title, e.Question, d.Title, d.Question)
		}
	}
}
