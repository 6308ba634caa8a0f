package tajikpeace_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// TestNoFusedMultiplyAdd builds the command for arm64 and lists every fused
// multiply-add the compiler emitted in the project's model and output code.
// Each is a place where arm64 (and ppc64le, s390x, riscv64) would round
// once where amd64 rounds twice, so the same seed would give other bits
// there: wrap the product, float64(a*b), as the rest of the code does.
// `make crosscheck` proves the outputs identical under qemu; this test needs
// no emulator, so it catches a new unwrapped product on any developer's
// machine.
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles the command; skipped with -short")
	}
	racetest.SkipSerial(t) // the binary it inspects is built without -race either way
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	exe := filepath.Join(t.TempDir(), "tajikpeace-arm64")
	build := exec.Command(gobin, "build", "-o", exe, "./cmd/tajikpeace")
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build for arm64: %v\n%s", err, out)
	}
	sites, symbols := fusedSites(t, gobin, exe)
	if symbols < 100 {
		t.Fatalf("objdump listed %d of the project's functions; the symbol pattern no longer matches", symbols)
	}
	for _, s := range sites {
		t.Errorf("%s: a fused multiply-add on arm64; write the product as float64(a*b)", s)
	}
}

func isFusedMultiplyAdd(op string) bool {
	switch op {
	case "FMADDD", "FMSUBD", "FNMADDD", "FNMSUBD", "FMADDS", "FMSUBS", "FNMADDS", "FNMSUBS":
		return true
	}
	return false
}

// fusedSites lists the fused multiply-adds in the project's functions of an
// arm64 executable, and how many such functions objdump listed.
func fusedSites(t *testing.T, gobin, exe string) ([]string, int) {
	t.Helper()
	// Every package of the project, main included; the figures (plots) are
	// left to crosscheck: gonum/plot code inlined into them fuses products
	// that this project cannot change.
	const ours = `^main\.|^github\.com/tajikpeace/tajikpeace(/[a-z0-9/]+)?\.`
	const figures = "github.com/tajikpeace/tajikpeace/plots."
	dump, err := exec.Command(gobin, "tool", "objdump", "-s", ours, exe).Output()
	if err != nil {
		t.Fatalf("go tool objdump: %v", err)
	}
	var sites []string
	symbols, inFigures := 0, false
	sc := bufio.NewScanner(bytes.NewReader(dump))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "TEXT" {
			symbols++
			inFigures = strings.HasPrefix(f[1], figures)
			continue
		}
		if len(f) >= 4 && !inFigures && isFusedMultiplyAdd(f[3]) && !slices.Contains(sites, f[0]) {
			sites = append(sites, f[0])
		}
	}
	return sites, symbols
}

// TestTheGuardCatchesAnUnguardedProduct builds a program whose one
// function adds a product unwrapped, as study code might, and checks that
// the scan above names it: a guard that finds nothing must be shown able to
// find something.
func TestTheGuardCatchesAnUnguardedProduct(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles a program; skipped with -short")
	}
	racetest.SkipSerial(t)
	dir := t.TempDir()
	src := "package main\n\nimport \"os\"\n\n//go:noinline\nfunc weightedSum(w, x, acc float64) float64 { return acc + w*x }\n\n" +
		"func main() { os.Exit(int(weightedSum(float64(len(os.Args)), 0.5, 1))) }\n"
	for name, body := range map[string]string{"go.mod": "module probe\n\ngo 1.26\n", "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	exe := filepath.Join(dir, "probe")
	build := exec.Command(gobin, "build", "-o", exe, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build for arm64: %v\n%s", err, out)
	}
	sites, _ := fusedSites(t, gobin, exe)
	if len(sites) == 0 {
		t.Fatal("the scan found no fused multiply-add in acc + w*x: it would miss one in the project too")
	}
	t.Logf("found %v", sites)
}
