package sweep

import (
	"slices"
	"strings"
	"testing"
)

func TestParseVary(t *testing.T) {
	cases := []struct {
		spec    string
		values  []string
		numeric bool
		err     string
	}{
		{"a.b=0:1:3", []string{"0", "0.5", "1"}, true, ""},
		{"a.b=2:2:1", []string{"2"}, true, ""},
		{"a.b=0.1,0.2", []string{"0.1", "0.2"}, true, ""},
		{"a.b=true,false", []string{"true", "false"}, false, ""},
		{"a.b=1:0:3", nil, false, "reversed"},
		{"a.b=0:1:0", nil, false, "empty"},
		{"a.b=0:1:1", nil, false, "one step cannot span"},
		{"a.b=x:1:3", nil, false, "needs finite numbers"},
		{"a.b=nan:nan:3", nil, false, "needs finite numbers"},
		{"a.b=0:inf:3", nil, false, "needs finite numbers"},
		{"a.b=0:1:100001", nil, false, "at most 100000"},
		{"a.b=1,,2", nil, false, "empty value"},
		{"=1,2", nil, false, "expected path="},
		{"a.b", nil, false, "expected path="},
	}
	for i, c := range cases {
		a, err := ParseVary(c.spec)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("case %d %q: want error %q, got %v", i, c.spec, c.err, err)
			}
			continue
		}
		if err != nil || !slices.Equal(a.Values, c.values) || a.Numeric != c.numeric || a.Path != "a.b" {
			t.Errorf("case %d %q: got %+v, %v", i, c.spec, a, err)
		}
	}
}

func TestGridOrderAndShards(t *testing.T) {
	g := Grid{Axes: []Axis{{Path: "x", Values: []string{"1", "2", "3"}}, {Path: "y", Values: []string{"a", "b"}}}}
	if g.Points() != 6 {
		t.Fatalf("points %d", g.Points())
	}
	var got []string
	for p := range g.Points() {
		got = append(got, strings.Join(g.Values(p), ""))
	}
	if want := []string{"1a", "1b", "2a", "2b", "3a", "3b"}; !slices.Equal(got, want) {
		t.Errorf("grid order %v, want %v (last axis fastest)", got, want)
	}
	if s := g.Sets(3); !slices.Equal(s, []string{"x=2", "y=b"}) {
		t.Errorf("sets %v", s)
	}
	covered := map[int]int{}
	for i := range 4 {
		for _, p := range (Shard{i, 4}).Points(g.Points()) {
			covered[p]++
		}
	}
	for p := range g.Points() {
		if covered[p] != 1 {
			t.Errorf("point %d in %d shards", p, covered[p])
		}
	}
	if _, err := ParseShard("5/4"); err == nil {
		t.Error("5/4 accepted")
	}
	pl := Plan{Seeds: 10}
	if pl.Stream(3, 4) != 34 {
		t.Errorf("stream %d, want 34", pl.Stream(3, 4))
	}
	pl.CRN = true
	if pl.Stream(3, 4) != 4 {
		t.Errorf("stream with CRN %d, want 4", pl.Stream(3, 4))
	}
}

func TestSummarise(t *testing.T) {
	l := Layout{Params: []string{"x"}, Milestones: []string{"ceasefire", "general_agreement"}, Terms: []string{"share"}, termsOf: []int{0, 1}}
	rows := [][]string{
		{"2", "0", "20", "1", "0.5", "1994-09-01", "1997-06-27", "0.3"},
		{"2", "1", "21", "1", "0.5", "1994-09-02", "1998-01-05", "0.4"},
		{"2", "2", "22", "1", "0.5", "1994-09-03", "", ""},
		{"2", "3", "23", "1", "0.5", "", "1997-05-01", "0.2"},
	}
	got, err := l.Summarise(rows)
	if err != nil {
		t.Fatal(err)
	}
	h := l.PointsHeader()
	col := func(name string) string { return got[slices.Index(h, name)] }
	checks := map[string]string{
		"point": "2", "x": "0.5", "runs": "4",
		"reached_ceasefire": "0.7500", "reached_general_agreement": "0.7500",
		"reached_ceasefire_lo": "0.3006", "reached_ceasefire_hi": "0.9544", // Wilson, 3 of 4
		"ga_by_1997_12_31": "0.5000", // 1998-01-05 is after the end of 1997
		"ga_median":        "1997-06-27", "ga_q10": "1997-05-01", "ga_q90": "",
		"share_mean": "0.3", "share_runs": "3",
	}
	for name, want := range checks {
		if col(name) != want {
			t.Errorf("%s = %q, want %q", name, col(name), want)
		}
	}
	// Wilson, 2 of 4: 0.1500..0.8500 (reference values of the score interval).
	if col("ga_by_1997_12_31_lo") != "0.1500" || col("ga_by_1997_12_31_hi") != "0.8500" {
		t.Errorf("Wilson interval %s..%s, want 0.1500..0.8500", col("ga_by_1997_12_31_lo"), col("ga_by_1997_12_31_hi"))
	}
}
