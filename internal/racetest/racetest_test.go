package racetest_test

import (
	"runtime/debug"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// Enabled must follow the build, as the toolchain records it in the binary.
func TestEnabledFollowsTheBuild(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information in this binary")
	}
	built := false
	for _, s := range info.Settings {
		if s.Key == "-race" && s.Value == "true" {
			built = true
		}
	}
	if built != racetest.Enabled {
		t.Fatalf("built with -race: %v, but Enabled = %v", built, racetest.Enabled)
	}
}

// SkipSerial skips exactly when the detector is on.
func TestSkipSerialSkipsExactlyUnderTheDetector(t *testing.T) {
	var ran bool
	t.Run("serial", func(t *testing.T) {
		racetest.SkipSerial(t)
		ran = true
	})
	if ran == racetest.Enabled {
		t.Fatalf("the serial test ran: %v, with the detector enabled: %v", ran, racetest.Enabled)
	}
}
