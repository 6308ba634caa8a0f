// Package outlock keeps two commands from writing one output directory at
// once (two `sweep --resume` of one sweep wrote 17,971 rows for 10,000
// runs; a `sweep --force` replaced a directory under a sweep that then
// reported success: issue #12 items 1 and 3).
//
// The lock is an advisory flock(2) on OUT.lock beside the directory (a
// LockFileEx on Windows), so it is released by the system when its holder
// dies, even by kill -9; the file records who holds it, for the message
// another command gets. Where a program runs alone (WebAssembly in a
// browser) there is nothing to lock against. Holding the
// lock, a command may also clear what a killed predecessor left behind (the
// hidden .OUT.partial-* directories of an unfinished publish).
package outlock

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Lock is a held lock on an output directory.
type Lock struct {
	f    *os.File
	path string
}

// Acquire takes the lock of output directory out, or fails at once with an
// error naming the holder. what describes the command, for that message.
func Acquire(out, what string) (*Lock, error) {
	path := filepath.Clean(out) + ".lock"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("locking %s: %w", out, err)
	}
	for range 100 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", out, err)
		}
		held, err := tryLock(f)
		if err != nil || !held {
			f.Close()
			if err == nil {
				holder, _ := os.ReadFile(path)
				return nil, fmt.Errorf("%s is being written by another command (%s): wait for it to finish, or stop it, then run this again",
					out, strings.TrimSpace(string(holder)))
			}
			return nil, fmt.Errorf("locking %s: %w", out, err)
		}
		// The holder before us may have removed the file between our open
		// and our lock: then we hold a lock on a file no one else sees.
		// Start again on the file that is there now.
		if mine, err1 := f.Stat(); err1 == nil {
			if there, err2 := os.Stat(path); err2 == nil && os.SameFile(mine, there) {
				_ = f.Truncate(0)
				_, _ = fmt.Fprintf(f, "pid %d, %s, since %s\n", os.Getpid(), what, time.Now().UTC().Format(time.DateTime+" UTC"))
				return &Lock{f: f, path: path}, nil
			}
		}
		f.Close()
	}
	return nil, fmt.Errorf("locking %s: the lock file kept changing under us", out)
}

// Release removes the lock file and releases the lock; releasing twice is
// harmless.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = os.Remove(l.path) // before unlocking: see Acquire's check
	_ = l.f.Close()
	l.f = nil
}

// Leftovers removes the hidden .OUT.partial-* directories beside out that a
// killed command left (only a lock holder may call it: no live command is
// writing them) and returns their names.
func (l *Lock) Leftovers(out string) []string {
	base := filepath.Base(filepath.Clean(out))
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Clean(out)), "."+base+".partial-*"))
	var removed []string
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && st.IsDir() && os.RemoveAll(m) == nil {
			removed = append(removed, m)
		}
	}
	return removed
}
