//go:build !race

package tajikpeace_test

// raceDetector is true when the tests run with -race: the long sweeps then
// skip, and `make test` runs them once more without it (make ensembles).
const raceDetector = false
