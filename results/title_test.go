package results

import "testing"

// TestPosteriorTitle: figures name a built-in posterior by its name and a
// calibration's by its directory, never by a long path.
func TestPosteriorTitle(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"builtin:posterior", "posterior"},
		{"builtin:posterior-1995", "posterior-1995"},
		{"/home/me/out/calibrate-endogenous/posterior.csv", "calibrate-endogenous"},
		{"runs/my-draws.csv", "my-draws.csv"},
	} {
		if got := posteriorTitle(c.in); got != c.want {
			t.Errorf("posteriorTitle(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
