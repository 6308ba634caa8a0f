package racetest

import "testing"

// SkipSerial skips t under the race detector. It is for tests whose subject
// runs on one goroutine and that take seconds under the detector; make test
// runs them in its pass without -race.
func SkipSerial(t testing.TB) {
	t.Helper()
	if Enabled {
		t.Skip("serial and slow under -race: make test runs it without -race")
	}
}

// SkipHeavy skips t under the race detector or with -short. It is for the
// statistical ensembles that take tens of seconds even without the detector
// (make ensembles runs only them).
func SkipHeavy(t testing.TB) {
	t.Helper()
	switch {
	case Enabled:
		t.Skip("a heavy ensemble: make test runs it without -race (make ensembles runs only these)")
	case testing.Short():
		t.Skip("a heavy ensemble: skipped with -short")
	}
}
