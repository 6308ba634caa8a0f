// Package progress draws the commands' progress bars on standard error,
// and only when it is a terminal: a pipe, a log file or a cluster job's
// output gets no bar characters.
package progress

import (
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar is a progress bar of units done out of a total. A nil *Bar draws
// nothing, so callers need not ask whether one is shown.
type Bar struct{ b *progressbar.ProgressBar }

// Shown says whether a bar would be drawn: not quiet, and standard error a
// terminal.
func Shown(quiet bool) bool { return !quiet && term.IsTerminal(int(os.Stderr.Fd())) }

// New starts a bar of total units, done of them already done, labelled
// with the description and the units' name (it shows the rate and the time
// left); nil if !Shown(quiet).
func New(quiet bool, total, done int, description, units string) *Bar {
	if !Shown(quiet) {
		return nil
	}
	b := progressbar.NewOptions64(int64(total), progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(description), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(units), progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	_ = b.Set(done)
	return &Bar{b}
}

// Add counts n more units done.
func (b *Bar) Add(n int) {
	if b != nil {
		_ = b.b.Add(n)
	}
}

// Finish fills the bar and clears it.
func (b *Bar) Finish() {
	if b != nil {
		_ = b.b.Finish()
	}
}
