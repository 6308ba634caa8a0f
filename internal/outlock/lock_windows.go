//go:build windows

package outlock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// tryLock locks one byte of f far beyond its end, exclusively and without
// waiting (so the holder's description at the start stays readable); held
// is false when another process holds it.
func tryLock(f *os.File) (held bool, err error) {
	ol := &windows.Overlapped{OffsetHigh: 0x40000000}
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}
