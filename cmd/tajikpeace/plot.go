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

// figureFormat is the --format of a command that may draw no figures: ""
// with --no-figures.
func figureFormat(v *viper.Viper) (string, error) {
	if v.GetBool("no-figures") {
		return "", nil
	}
	return v.GetString("format"), checkFormat(v.GetString("format"))
}

func checkFormat(format string) error {
	if !slices.Contains([]string{"png", "svg", "pdf"}, format) {
		return fmt.Errorf("--format: expected png, svg or pdf, got %q", format)
	}
	return nil
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
			format := v.GetString("format")
			if err := checkFormat(format); err != nil {
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
	cmd.Flags().String("config", "", "settings file (YAML) with any of these flags")
	return cmd
}
