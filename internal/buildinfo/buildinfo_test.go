package buildinfo

import (
	"strings"
	"testing"
)

// A test binary records no VCS revision but a module version: Version is
// that version followed by the revision, whatever it is.
func TestVersionEndsWithRevision(t *testing.T) {
	v, rev := Version(), Revision()
	if v == "" || v == "unknown" || !strings.HasSuffix(v, rev) {
		t.Errorf("Version() = %q, Revision() = %q: want a version ending in the revision", v, rev)
	}
}
