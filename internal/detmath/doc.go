// Package detmath gives the few floating-point functions the model needs —
// Exp, Log, Tanh and standard normal variates — with the same bits on every
// machine.
//
// Why it exists: the project promises byte-identical output for a scenario
// and seed on any machine, and the standard library does not promise that.
// math.Exp is assembly on amd64 that takes a different path when the CPU has
// FMA, and other assembly on arm64 and s390x; math.Log is assembly on amd64
// and Go elsewhere; and the Go compiler may fuse x*y+z into one
// fused multiply-add on arm64, ppc64le, s390x, riscv64 (and amd64 with
// GOAMD64=v3), which rounds once instead of twice. Each difference is one
// unit in the last place, but a simulation with thresholds turns a last-place
// difference into a different decision sooner or later.
//
// The functions here are the standard library's portable Go implementations
// (from FreeBSD's msun, via Go's math package, BSD licence) and math/rand/v2's
// ziggurat normal sampler, with every product that the compiler could fuse
// into an addition wrapped in an explicit float64 (or float32) conversion,
// which the Go specification says forces the rounding. They agree with the
// math package to within two units in the last place (tests check it), and
// NormFloat64 consumes a generator exactly as rand.Rand.NormFloat64 does.
//
// Model code (sim, agents) uses this package instead of math.Exp, math.Log,
// math.Tanh, math.Pow and rand.Rand.NormFloat64. `make crosscheck` compares
// every command's output on seven other architectures under qemu; this
// package's TestFingerprint runs there too (go test -exec qemu-aarch64).
package detmath
