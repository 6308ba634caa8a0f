package results

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// CSVReader reads the data rows of a CSV file whose header was checked.
type CSVReader struct {
	f *os.File
	r *csv.Reader
}

// OpenCSV opens path and checks that its first line is header; what is
// named the file's kind in the error ("the sweep").
func OpenCSV(path string, header []string, what string) (*CSVReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bufio.NewReader(f))
	got, err := r.Read()
	if err != nil || !slices.Equal(got, header) {
		f.Close()
		return nil, fmt.Errorf("%s: line 1: the header does not match %s", path, what)
	}
	return &CSVReader{f, r}, nil
}

// Read returns the next row, io.EOF after the last.
func (c *CSVReader) Read() ([]string, error) { return c.r.Read() }

// Close closes the file.
func (c *CSVReader) Close() error { return c.f.Close() }

// CSVWriter writes a CSV file through a buffer.
type CSVWriter struct {
	f *os.File
	b *bufio.Writer
	w *csv.Writer
}

// CreateCSV creates path and writes header as its first row.
func CreateCSV(path string, header []string) (*CSVWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriter(f)
	c := &CSVWriter{f, b, csv.NewWriter(b)}
	if err := c.Write(header); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// Write writes one row.
func (c *CSVWriter) Write(rec []string) error { return c.w.Write(rec) }

// Close flushes and closes; the first error wins.
func (c *CSVWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		c.f.Close()
		return err
	}
	if err := c.b.Flush(); err != nil {
		c.f.Close()
		return err
	}
	return c.f.Close()
}

// SamePath is p made absolute and, where it exists, with its symbolic links
// resolved, so that two names of one directory compare equal.
func SamePath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	return abs, nil
}
