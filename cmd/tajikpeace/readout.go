package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/results"
)

// drawAll draws every figure and the report of an output directory in
// memory; nothing is written if anything is missing or malformed.
func drawAll(dir, format string) ([]plots.Figure, error) {
	in, err := results.Read(dir)
	if err != nil {
		return nil, err
	}
	narrative, err := results.ReadNarrative(dir)
	if err != nil {
		return nil, err
	}
	figs, err := plots.All(in, format)
	if err != nil {
		return nil, err
	}
	report, err := plots.Report(in, narrative)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return append(figs, plots.Figure{Name: "report.html", Bytes: report}), nil
}

// fileName is a figure's file name in the given format.
func fileName(f plots.Figure, format string) string {
	if strings.Contains(f.Name, ".") {
		return f.Name
	}
	return f.Name + "." + format
}

// writeFigures draws every figure of an output directory into dir.
func writeFigures(from, dir, format string) ([]string, error) {
	figs, err := drawAll(from, format)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range figs {
		name := fileName(f, format)
		if err := os.WriteFile(filepath.Join(dir, name), f.Bytes, 0o644); err != nil {
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
		names = append(names, name)
	}
	return names, nil
}
