// Package buildinfo names the build of this program, for manifests and
// --version: the module version and the VCS revision the Go toolchain
// recorded in the binary (runtime/debug.ReadBuildInfo).
package buildinfo

import "runtime/debug"

// Revision is the VCS revision of the build, with "+dirty" if the work tree
// had changes; empty if the toolchain recorded none.
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
