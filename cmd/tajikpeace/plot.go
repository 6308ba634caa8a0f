package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
)

// figureFormat is how a command draws its figures: --format, with --size
// a PNG's width in pixels (png:2560, for print); "" with --no-figures.
func figureFormat(v *viper.Viper) (string, error) {
	format, size := v.GetString("format"), v.GetInt("size")
	switch {
	case v.GetBool("no-figures"):
		return "", nil
	case !slices.Contains([]string{"png", "svg", "pdf"}, format):
		return "", fmt.Errorf("--format: expected png, svg or pdf, got %q", format)
	case size != 0 && format != "png":
		return "", fmt.Errorf("--size %d sets a PNG's width in pixels: %s figures are drawn to scale", size, format)
	case size != 0 && (size < 640 || size > 8000):
		return "", fmt.Errorf("--size %d: expected a width from 640 to 8000 pixels (the default is 1280)", size)
	case size != 0:
		return fmt.Sprintf("png:%d", size), nil
	}
	return format, nil
}

func newPlotCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plot DIR",
		Short: "Re-draw the figures of a saved output directory, without re-running",
		Long: `Re-draw the figures of an output directory written by 'tajikpeace run', from
its files alone (manifest.json, scenario.yaml, summary.json, runs.csv,
steps.csv, events.log), for instance in another format, and report.html.
Only the figures and the report are written; if any input is missing or
malformed, nothing is.`,
		Example: `  tajikpeace plot out/baseline --format svg`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			format, err := figureFormat(v)
			if err != nil {
				return err
			}
			figs, err := figures.Draw(args[0], format)
			if err != nil {
				return err
			}
			for _, f := range figs {
				name := filepath.Join(args[0], figures.FileName(f, format))
				if err := os.WriteFile(name, f.Bytes, 0o644); err != nil {
					return fmt.Errorf("writing %s: %w", name, err)
				}
				fmt.Fprintln(cmd.OutOrStdout(), "wrote", name)
			}
			return nil
		},
	}
	cmd.Flags().String("format", "png", "figure format: png, svg or pdf")
	cmd.Flags().Int("size", 0, "a PNG's width in pixels, lettering to scale (default 1280; e.g. 2560 for print)")
	cmd.Flags().String("config", "", "settings file (YAML) with any of these flags")
	return cmd
}
