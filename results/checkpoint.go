package results

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Checkpoint keeps the finished items of a long command (the draws of a
// calibration, the design points of a sensitivity analysis) in a file beside
// its output directory, one line per item in order, so that running the same
// command again after an interruption skips them. Line 1 is a key: the
// SHA-256 of everything that determines the items. A checkpoint with another
// key belongs to another command: it is never mixed in, and replaced only
// when the user forces it. A last line cut off mid-write is dropped.
type Checkpoint struct {
	path string
	done []string // the finished items, in order
	f    *os.File
}

// OpenCheckpoint opens (or starts) the checkpoint of output directory out
// for the command whose inputs are keyParts; force replaces the checkpoint
// of a different command.
func OpenCheckpoint(out string, force bool, keyParts ...any) (*Checkpoint, error) {
	sum := sha256.Sum256(fmt.Append(nil, keyParts...))
	key := "tajikpeace checkpoint " + hex.EncodeToString(sum[:])
	c := &Checkpoint{path: filepath.Clean(out) + ".partial"}
	b, err := os.ReadFile(c.path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	keep := 0
	first, rest, ok := bytes.Cut(b, []byte("\n"))
	if len(b) > 0 && string(first) != key && !force {
		return nil, fmt.Errorf("%s holds the unfinished work of a different command (another scenario, parameter file, target, budget or seed): finish that one, delete the file, or use --force to start afresh", c.path)
	}
	if ok && string(first) == key {
		keep = len(first) + 1
		for {
			line, after, ok := bytes.Cut(rest, []byte("\n"))
			if !ok {
				break // empty, or cut off mid-write
			}
			c.done = append(c.done, string(line))
			keep += len(line) + 1
			rest = after
		}
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if keep == 0 {
		if err := os.WriteFile(c.path, []byte(key+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("checkpoint: %w", err)
		}
	} else if err := os.Truncate(c.path, int64(keep)); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if c.f, err = os.OpenFile(c.path, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	return c, nil
}

// Path is the checkpoint's file.
func (c *Checkpoint) Path() string { return c.path }

// Done are the finished items, in order.
func (c *Checkpoint) Done() []string { return c.done }

// Add records a finished item. Each is written straight to the file (no
// buffer), so a killed process loses at most the item being written.
func (c *Checkpoint) Add(item string) error {
	if _, err := io.WriteString(c.f, item+"\n"); err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	c.done = append(c.done, item)
	return nil
}

// Close keeps the file for the next attempt; closing twice is harmless.
func (c *Checkpoint) Close() { _ = c.f.Close() }

// Remove deletes the file once the output is published.
func (c *Checkpoint) Remove() error {
	c.Close()
	if err := os.Remove(c.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("the output is complete, but its checkpoint could not be removed: %w", err)
	}
	return nil
}

// ParseLine reads item i (0-based, after the key): a number and a count
// separated by a comma, as written by ExactFloat and strconv.Itoa.
func (c *Checkpoint) ParseLine(i int) (float64, int, error) {
	a, b, ok := strings.Cut(c.done[i], ",")
	x, err1 := strconv.ParseFloat(a, 64)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("%s: line %d: expected a number and a count separated by a comma: delete the file to start afresh", c.path, i+2)
	}
	return x, n, nil
}
