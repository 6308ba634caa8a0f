package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tajikpeace/tajikpeace/sim"
)

// checkpoint keeps the finished items of a long command (the draws of
// calibrate, the design points of sensitivity) in a file beside its output
// directory, one line per item in order, so that running the same command
// again after an interruption skips them. Line 1 is a key: the SHA-256 of
// everything that determines the items. A checkpoint with another key belongs
// to another command: it is never mixed in, and replaced only when the user
// forces it. A last line cut off mid-write is dropped.
type checkpoint struct {
	path string
	done []string // the finished items, in order
	f    *os.File
}

// openCheckpoint opens (or starts) the checkpoint of output directory out
// for the command whose inputs are keyParts; force replaces the checkpoint of
// a different command.
func openCheckpoint(out string, force bool, keyParts ...any) (*checkpoint, error) {
	sum := sha256.Sum256(fmt.Append(nil, keyParts...))
	key := "tajikpeace checkpoint " + hex.EncodeToString(sum[:])
	c := &checkpoint{path: filepath.Clean(out) + ".partial"}
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

// add records a finished item. Each is written straight to the file (no
// buffer), so a killed process loses at most the item being written.
func (c *checkpoint) add(item string) error {
	if _, err := io.WriteString(c.f, item+"\n"); err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	c.done = append(c.done, item)
	return nil
}

// close keeps the file for the next attempt; closing twice is harmless.
func (c *checkpoint) close() { _ = c.f.Close() }

// remove deletes the file once the output is published.
func (c *checkpoint) remove() error {
	c.close()
	if err := os.Remove(c.path); err != nil {
		return fmt.Errorf("the output is complete, but its checkpoint could not be removed: %w", err)
	}
	return nil
}

// measurePoints runs each of n parameter points (called noun: draws, design
// points) seeds times and reduces
// each point's runs, in order, to one checkpoint line. Run r of every point
// draws the streams of run r (common random numbers), so differences between
// points measure the parameters, not the noise. Points already in cp are
// skipped; stopAfter > 0 stops after that many new points as if interrupted
// (for tests). On an interruption the error says how to carry on.
func measurePoints(cmd *cobra.Command, noun string, cp *checkpoint, cache *modelCache, n, seeds int, seed uint64, workers int,
	quiet bool, stopAfter int, reduce func(point int, runs []*sim.Result) string) error {
	resumed := len(cp.done)
	if resumed > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "resuming: %d of %d %s already measured (%s)\n", resumed, n, noun, cp.path)
	}
	type result struct {
		r   *sim.Result
		err error
	}
	var batch []*sim.Result
	bar := progressBar(quiet, n*seeds, resumed*seeds)
	err := sim.Ordered(cmd.Context(), resumed*seeds, n*seeds, workers, 8*workers,
		func(g int) result {
			m, err := cache.get(g / seeds)
			if err != nil {
				return result{err: err}
			}
			return result{r: sim.Run(m, seed, g%seeds, sim.Options{})}
		},
		func(g int, res result) error {
			if res.err != nil {
				return res.err
			}
			if bar != nil {
				_ = bar.Add(1)
			}
			batch = append(batch, res.r)
			if len(batch) < seeds {
				return nil
			}
			p := g / seeds
			line := reduce(p, batch)
			batch = batch[:0]
			cache.forget(p)
			if err := cp.add(line); err != nil {
				return err
			}
			if stopAfter > 0 && p+1-resumed >= stopAfter {
				return errStopped
			}
			return nil
		})
	if err == nil {
		return nil
	}
	if errors.Is(err, errStopped) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted after %d of %d %s; nothing was written to the output directory, and the finished %s are kept in %s: run the same command again to continue",
			len(cp.done), n, noun, noun, cp.path)
	}
	return err
}

// floatText writes a float64 so that it reads back to the same value: a
// resumed command then writes what an uninterrupted one does.
func floatText(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// parseLine reads line i (0-based, after the key) of a the checkpoint: two comma-separated fields, a float and
// an int, written by floatText and strconv.Itoa.
func (c *checkpoint) parseLine(i int) (float64, int, error) {
	a, b, ok := strings.Cut(c.done[i], ",")
	x, err1 := strconv.ParseFloat(a, 64)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("%s: line %d: expected a number and a count separated by a comma: delete the file to start afresh", c.path, i+2)
	}
	return x, n, nil
}

// addAnalysisFlags adds the flags that calibrate and sensitivity share: how
// they run (workers, progress) and where and how they write.
func addAnalysisFlags(f *pflag.FlagSet, defaultOut, noun string) {
	f.IntP("workers", "j", 0, "parallel workers (default: all cores)")
	f.String("out", "", "output directory (default "+defaultOut+")")
	f.Bool("force", false, "replace an existing output directory (and a different command's checkpoint)")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Bool("quiet", false, "no progress bar")
	f.String("config", "", "settings file (YAML) with any of these flags")
	f.Int("stop-after", 0, "stop after this many "+noun+" as if interrupted (for tests)")
	_ = f.MarkHidden("stop-after")
}
