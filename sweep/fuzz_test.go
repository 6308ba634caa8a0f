package sweep

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseVary: any --vary spec either is refused with an error naming
// --vary, or gives an axis with a path and at least one value, whose numeric
// values are finite and, for a range, ascending.
func FuzzParseVary(f *testing.F) {
	for _, s := range []string{"parties.uto.cohesion=0.5:0.9:5", "a=1,2,3", "a=x,y", "a=nan:nan:3", "a=0:inf:2",
		"a=1:0:3", "a=0:1:0", "=1", "a=", "a=1,,2", "a=0:1:99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		a, err := ParseVary(spec)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--vary") {
				t.Errorf("error does not name --vary: %v", err)
			}
			return
		}
		if a.Path == "" || len(a.Values) == 0 || len(a.Values) > MaxSteps+strings.Count(spec, ",") {
			t.Fatalf("%q: accepted a bad axis %+v", spec, a)
		}
		prev := math.Inf(-1)
		ranged := strings.Count(spec[strings.Index(spec, "=")+1:], ":") == 2
		for _, v := range a.Values {
			if v == "" {
				t.Fatalf("%q: an empty value", spec)
			}
			if !a.Numeric {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%q: numeric axis with value %q", spec, v)
			}
			if ranged && (math.IsNaN(x) || math.IsInf(x, 0) || x < prev) {
				t.Fatalf("%q: range gave %q after %g", spec, v, prev)
			}
			prev = x
		}
	})
}

// FuzzParseShard: an accepted shard i/n has 0 <= i < n, and the shards of n
// split any grid into disjoint parts that cover it.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/4", "3/4", "4/4", "-1/2", "1/0", "a/b", "0/1", " 1/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			return
		}
		if sh.Index < 0 || sh.Index >= sh.Of {
			t.Fatalf("%q: accepted %+v", s, sh)
		}
		if sh.Of > 64 {
			return
		}
		const total = 97
		seen := make([]int, total)
		for i := range sh.Of {
			for _, p := range (Shard{i, sh.Of}).Points(total) {
				seen[p]++
			}
		}
		for p, n := range seen {
			if n != 1 {
				t.Fatalf("%q: point %d is in %d shards", s, p, n)
			}
		}
	})
}
