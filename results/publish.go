package results

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/tajikpeace/tajikpeace/internal/outlock"
)

// Publish makes an output directory appear whole or not at all: write fills
// a hidden sibling directory, datapackage.json describes its CSVs, and it
// then replaces out (only with force if out exists). A failure removes the
// sibling and leaves out untouched.
func Publish(out string, force bool, write func(dir string) error) (err error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".partial-")
	if err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it private
		return fmt.Errorf("creating output directory: %w", err)
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := WriteDataPackage(tmp, filepath.Base(out)); err != nil {
		return err
	}
	if _, statErr := os.Stat(out); statErr == nil {
		if !force {
			return fmt.Errorf("output directory %s appeared while running: not replaced", out)
		}
		old := tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("replacing %s: %w", out, err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("moving outputs into %s: %w", out, err)
	}
	return nil
}

// WriteFile creates path and writes it through a buffer; an error names the
// file.
func WriteFile(path string, write func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	return f.Close()
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w *bufio.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteJSONFile writes v as indented JSON to path through a temporary file
// renamed into place: never a half-written manifest.
func WriteJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ReadJSON reads path into v; a malformed file is named.
func ReadJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: malformed: %w", path, err)
	}
	return nil
}

// WriteCSV writes rows (the header first) to path.
func WriteCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Float writes a number for a table meant to be read: six significant
// digits.
func Float(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// ExactFloat writes a number so that it reads back to the same value: a
// resumed command then writes what an uninterrupted one does.
func ExactFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Claim takes the lock of the output directory out for the caller (another
// process writing it is refused, naming its pid and what, e.g. the command
// line), removes what a killed predecessor left beside it (returned, so the
// caller can say so), and refuses to replace a directory that exists unless
// force is set. The caller releases the lock when done.
func Claim(out, what string, force bool) (*outlock.Lock, []string, error) {
	l, err := outlock.Acquire(out, what)
	if err != nil {
		return nil, nil, err
	}
	left := l.Leftovers(out)
	st, err := os.Stat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return l, left, nil
	case err != nil:
		err = fmt.Errorf("output directory: %w", err)
	case !st.IsDir():
		err = fmt.Errorf("output path %s exists and is not a directory", out)
	case !force:
		err = fmt.Errorf("output directory %s already exists: use --force to replace it, or --out to choose another", out)
	}
	if err != nil {
		l.Release()
		return nil, left, err
	}
	return l, left, nil
}
