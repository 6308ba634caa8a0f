// Package safefile reads a file a user named, refusing what is not a
// regular file (a device such as /dev/zero would be read for ever, a FIFO
// would block the open until a writer comes) and what is larger than the
// caller expects any such file to be.
package safefile

import (
	"fmt"
	"io"
	"os"
)

// Read reads the regular file at path, up to limit bytes.
func Read(path string, limit int64) ([]byte, error) {
	// Stat before opening: opening a FIFO for reading blocks.
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, kind(st.Mode()))
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d such a file may be", path, st.Size(), limit)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have grown since the stat: read one byte past the limit
	// to tell.
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is more than the %d bytes such a file may be", path, limit)
	}
	return b, nil
}

func kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return "not a plain file"
}
