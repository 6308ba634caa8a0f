// Package racetest tells a test whether it runs under Go's race detector.
//
// The detector slows code by five to fifteen times and finds nothing in code
// that runs on one goroutine. Tests whose subject is serial and slow under it
// (figure rendering, golden outputs, the portable-math fingerprint, long
// parses) call SkipSerial; the heavy statistical ensembles call SkipHeavy.
// `make test` runs the whole suite twice, once with -race and once without,
// so every test still runs, and everything concurrent (ensemble workers,
// sweeps, SMC populations, the output lock, signal handling) runs under the
// detector.
package racetest
