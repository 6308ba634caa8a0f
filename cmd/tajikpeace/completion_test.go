package main

import (
	"strings"
	"testing"
)

// Completion offers what a user of each command needs next: scenario names,
// key paths with their "=", posterior names, figure formats.
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		want      []string
		notWanted []string
	}{
		{[]string{"run", "no-"}, []string{"no-taliban", "no-observers"}, []string{"baseline"}},
		{[]string{"run", "baseline", ""}, nil, []string{"endogenous"}}, // one scenario only
		{[]string{"compare", "endogenous", "early"}, []string{"early-russia"}, nil},
		{[]string{"scenarios", "diff", "endogenous", "nrm"}, []string{"nrm-admitted"}, nil},
		{[]string{"run", "--set", "parties.uto.coh"}, []string{"parties.uto.cohesion="}, nil},
		{[]string{"sweep", "nrm-admitted", "--vary", "parties.leninabad.str"}, []string{"parties.leninabad.strength="}, nil},
		{[]string{"compare", "endogenous", "no-taliban", "--posterior", ""}, []string{"posterior", "posterior-1995"}, nil},
		{[]string{"run", "--format", ""}, []string{"png", "svg", "pdf"}, nil},
		{[]string{"calibrate", "--sampler", ""}, []string{"mcmc", "pmc"}, nil},
		{[]string{"calibrate", "--params", "a"}, []string{"all"}, nil},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, err := execute(t, append([]string{"__complete"}, tc.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, line := range strings.Split(out, "\n") {
				got[strings.SplitN(line, "\t", 2)[0]] = true
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("completion lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.notWanted {
				if got[w] {
					t.Errorf("completion offers %q:\n%s", w, out)
				}
			}
		})
	}
}
