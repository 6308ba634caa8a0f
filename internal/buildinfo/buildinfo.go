// Package buildinfo names the build of this program, for manifests and
// --version: the module version and the VCS revision the Go toolchain
// recorded in the binary (runtime/debug.ReadBuildInfo). Where it recorded
// none (go run, and go build where GOFLAGS holds -buildvcs=false, as on
// some machines), the revision is read from the source tree the binary was
// built from, with git, so that a manifest still says which code wrote it.
package buildinfo

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// Revision is the VCS revision of the build, with "+dirty" if the work tree
// had changes; empty if neither the toolchain nor the source tree tells.
func Revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	rev, dirty := "", ""
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return sourceRevision()
	}
	return rev + dirty
}

// Version is the module version followed by the revision ("(devel)
// 348f4c6...+dirty"), or "unknown" without build information.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev := Revision()
	if rev != "" && rev[0] != '+' {
		rev = " " + rev
	}
	return info.Main.Version + rev
}

var sourceRevision = sync.OnceValue(func() string {
	// This file's path as the compiler saw it: absolute, unless the build
	// was -trimpath (then there is no tree to ask).
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	dir := filepath.Dir(file)
	head, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	rev := strings.TrimSpace(string(head))
	if st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
		rev += "+dirty"
	}
	return rev
})
