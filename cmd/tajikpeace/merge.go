package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/plots"
	"github.com/tajikpeace/tajikpeace/studies"
)

func newMergeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "merge DIR... --out DIR",
		Short: "Join the shards of a sweep into one result, identical to the unsharded sweep",
		Example: `  tajikpeace merge out/shard-0 out/shard-1 out/shard-2 --out out/sweep
  tajikpeace merge out/shard-* --out out/sweep`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := settings(cmd)
			if err != nil {
				return err
			}
			out := v.GetString("out")
			if out == "" {
				return fmt.Errorf("--out: name the merged directory")
			}
			lock, err := lockOut(cmd, out)
			if err != nil {
				return err
			}
			defer lock.Release()
			if err := checkOutDir(out, v.GetBool("force")); err != nil {
				return err
			}
			format := v.GetString("format")
			if v.GetBool("no-figures") {
				format = ""
			} else if err := checkFormat(format); err != nil {
				return err
			}
			var figures func(string, studies.SweepManifest) ([]string, error)
			if format != "" {
				figures = func(dir string, man studies.SweepManifest) ([]string, error) {
					return writeSweepFigures(dir, man, format)
				}
			}
			man, err := studies.MergeSweeps(args, out, v.GetBool("force"), provenance(), figures)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "merged %d shards: %d runs at %d grid points written to %s\n", len(args), man.Runs, man.Points, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.String("out", "", "the merged output directory")
	f.Bool("force", false, "replace an existing output directory")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Bool("no-figures", false, "write no figures")
	f.String("config", "", "settings file (YAML) with any of these flags")
	return cmd
}

// writeSweepFigures draws the sweep's figure from points.csv.
func writeSweepFigures(dir string, man studies.SweepManifest, format string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, "points.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("points.csv: %w", err)
	}
	in := &plots.SweepInput{Scenario: man.Plan.Scenario, Seeds: man.Plan.Seeds, Params: man.Plan.Grid.Paths()}
	for _, a := range man.Plan.Grid.Axes {
		in.Numeric = append(in.Numeric, a.Numeric)
	}
	header := recs[0]
	col := func(name string) int { return slices.Index(header, name) }
	num := func(rec []string, name string) float64 {
		x, err := strconv.ParseFloat(rec[col(name)], 64)
		if err != nil {
			return math.NaN()
		}
		return x
	}
	date := func(rec []string, name string) float64 {
		t, err := time.Parse(time.DateOnly, rec[col(name)])
		if err != nil {
			return math.NaN()
		}
		return float64(t.Unix())
	}
	np := len(in.Params)
	for _, rec := range recs[1:] {
		in.Points = append(in.Points, plots.SweepPoint{Values: rec[1 : 1+np],
			GAShare: num(rec, "ga_by_1997_12_31"), GALo: num(rec, "ga_by_1997_12_31_lo"), GAHi: num(rec, "ga_by_1997_12_31_hi"),
			Median: date(rec, "ga_median"), Q10: date(rec, "ga_q10"), Q90: date(rec, "ga_q90")})
	}
	b, err := plots.Sweep(in, format)
	if err != nil || b == nil {
		return nil, err
	}
	name := "sweep." + format
	return []string{name}, os.WriteFile(filepath.Join(dir, name), b, 0o644)
}
