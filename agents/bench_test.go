package agents_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/tajikpeace/tajikpeace/sim"
)

// BenchmarkBaselineRun is the unit of cost: one run of the historical
// baseline, milestones only (what an ensemble or a sweep records).
func BenchmarkBaselineRun(b *testing.B) {
	m := model(b)
	b.ReportAllocs()
	run := 0
	for b.Loop() {
		sim.Run(m, 1, run, sim.Options{})
		run++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}

// BenchmarkBaselineRunRecorded adds the event log and per-step trace.
func BenchmarkBaselineRunRecorded(b *testing.B) {
	m := model(b)
	b.ReportAllocs()
	run := 0
	for b.Loop() {
		sim.Run(m, 1, run, sim.Options{Log: true, Trace: true})
		run++
	}
}

// BenchmarkEnsemble measures throughput on all cores.
func BenchmarkEnsemble(b *testing.B) {
	m := model(b)
	const n = 1000
	workers := runtime.GOMAXPROCS(0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Ensemble(context.Background(), m, 1, n, workers, sim.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "runs/s")
}
