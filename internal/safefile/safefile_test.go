package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(plain, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tc := range []struct {
		name, path string
		limit      int64
		want       string // "" for success
	}{
		{"a plain file", plain, 100, ""},
		{"larger than the limit", plain, 4, "more than the 4"},
		{"a device", "/dev/zero", 100, "a device"},
		{"a named pipe", fifo, 100, "a named pipe"},
		{"a directory", dir, 100, "a directory"},
		{"missing", filepath.Join(dir, "none"), 100, "no such file"},
	} {
		done := make(chan error, 1)
		go func() { _, err := Read(tc.path, tc.limit); done <- err }()
		select {
		case err := <-done:
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Read did not return", tc.name)
		}
	}
}
