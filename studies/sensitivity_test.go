package studies_test

import (
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/studies"
)

// FuzzParseOutcome: an outcome is refused with an error naming --outcome, or
// is one of the three the help lists.
func FuzzParseOutcome(f *testing.F) {
	for _, s := range []string{"general_agreement_date", "uto_share", "p_agreement_by:1997-12-31", "p_agreement_by:1997-13-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := studies.ParseOutcome(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--outcome") {
				t.Errorf("error does not name --outcome: %v", err)
			}
			return
		}
		switch o.Name {
		case "general_agreement_date", "uto_share":
		case "p_agreement_by":
			if o.By.IsZero() {
				t.Errorf("%q: no date", s)
			}
		default:
			t.Errorf("%q: accepted as %q", s, o.Name)
		}
	})
}
