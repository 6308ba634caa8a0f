//go:build !unix && !windows

package outlock

import "os"

// tryLock always holds: where this builds (WebAssembly in a browser, WASI)
// one program runs alone, with no other process to keep out.
func tryLock(*os.File) (bool, error) { return true, nil }
