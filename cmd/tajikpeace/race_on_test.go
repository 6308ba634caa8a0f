//go:build race

package main

// raceEnabled is true when the tests run with -race: heavy ensembles then
// skip, and `make test` runs them once more without it (make ensembles).
const raceEnabled = true
