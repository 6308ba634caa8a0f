//go:build !race

package agents_test

// raceDetector is true when the tests run with -race: the heavy ensembles then
// skip, and `make test` runs them once more without it (make ensembles).
const raceDetector = false
