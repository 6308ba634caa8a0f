package main

import (
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkSweep measures a whole sweep's throughput (2 grid points x 2,500
// replicates, written to disk) on one worker and on all cores.
func BenchmarkSweep(b *testing.B) {
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			const runs = 5000
			for i := 0; b.Loop(); i++ {
				out := filepath.Join(b.TempDir(), strconv.Itoa(i))
				cmd := newRootCommand()
				cmd.SetArgs([]string{"sweep", "--vary", "mechanisms.track2.enabled=true,false", "--seeds", "2500",
					"--quiet", "--no-figures", "-j", strconv.Itoa(workers), "--out", out})
				if err := cmd.Execute(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}
