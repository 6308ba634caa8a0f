package sim_test

import (
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/sim"
)

var update = flag.Bool("update", false, "rewrite the fingerprints in testdata/")

// TestFingerprint pins every bit of 60 runs of each scenario below: every
// per-step value of the trace, every milestone's date, point and terms, and
// the event log. The files were written on linux/amd64; on another
// architecture (GOARCH=arm64 go test -exec qemu-aarch64 ./sim -run
// Fingerprint: passes on arm64, ppc64le, s390x and riscv64) a fused
// multiply-add or another libm would change the hash. A change of the model
// changes it too: rewrite with `make golden`.
func TestFingerprint(t *testing.T) {
	racetest.SkipSerial(t) // 180 runs with full traces, on one goroutine
	for _, name := range []string{"baseline", "endogenous", "no-observers"} {
		t.Run(name, func(t *testing.T) {
			m := load(t, name)
			h := sha256.New()
			put := func(v float64) {
				if math.IsNaN(v) {
					v = math.NaN() // payloads differ by platform; output prints "NaN"
				}
				var b [8]byte
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
				h.Write(b[:])
			}
			for run := range 60 {
				res := sim.Run(m, 2024, run, sim.Options{Log: true, Trace: true})
				for _, s := range res.Trace {
					fmt.Fprintf(h, "%d %s %s ", s.Step, s.Actor, s.Variable)
					put(s.Value)
				}
				for _, ms := range res.Milestones {
					fmt.Fprintf(h, "%s %t %s %s %d ", ms.ID, ms.Reached, ms.Date.Format("2006-01-02"), ms.Venue, ms.Drafts)
					put(ms.Point)
					for _, v := range ms.Terms {
						put(v)
					}
				}
				for _, e := range res.Log {
					fmt.Fprintf(h, "%s %s %s\n", e.Date.Format("2006-01-02"), e.Venue, e.Text)
				}
			}
			got := fmt.Sprintf("%x", h.Sum(nil))
			path := filepath.Join("testdata", "fingerprint-"+name+".txt")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./sim -run Fingerprint -update writes it)", err)
			}
			if got != strings.TrimSpace(string(want)) {
				t.Errorf("60 runs of %s hash to %s, want %s: the model gives other bits here than where the file was written", name, got, strings.TrimSpace(string(want)))
			}
		})
	}
}
