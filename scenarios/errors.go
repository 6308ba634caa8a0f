package scenarios

import (
	"fmt"
	"strings"
)

// FieldError is one problem in a scenario: where it is and what was expected.
type FieldError struct {
	File string // file path, "builtin:NAME" or "--set"
	Line int    // 1-based; 0 when unknown
	Path string // key path, e.g. parties.uto.positions.political.ideal
	Msg  string
}

func (e FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Path != "" {
		fmt.Fprintf(&b, ": %s", e.Path)
	}
	fmt.Fprintf(&b, ": %s", e.Msg)
	return b.String()
}

// Errors is a list of problems found in one scenario; all are reported at once.
type Errors []FieldError

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// closest returns the candidate nearest to s by edit distance, if it is near
// enough to be a plausible typo.
func closest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// didYouMean formats a suggestion, or nothing.
func didYouMean(s string, candidates []string) string {
	if c := closest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// Relabel returns err with the errors it blames on "--set" blamed on label
// instead (a --vary value is checked as an override, but the user gave it
// with --vary: issue #12 item 20). Other errors come back unchanged.
func Relabel(err error, label string) error {
	switch e := err.(type) {
	case FieldError:
		if e.File == "--set" {
			e.File = label
		}
		return e
	case Errors:
		out := make(Errors, len(e))
		for i, fe := range e {
			out[i] = Relabel(fe, label).(FieldError)
		}
		return out
	}
	return err
}
