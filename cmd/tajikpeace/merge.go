package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
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
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			out := v.GetString("out")
			if out == "" {
				return fmt.Errorf("--out: name the merged directory")
			}
			lock, format, err := claimForFigures(cmd, v, out)
			if err != nil {
				return err
			}
			defer lock.Release()
			var draw func(string, studies.SweepManifest) ([]string, error)
			if format != "" {
				draw = func(dir string, man studies.SweepManifest) ([]string, error) {
					return figures.Sweep(dir, man, format)
				}
			}
			man, err := studies.MergeSweeps(args, out, v.GetBool("force"), provenance(), draw)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "merged %d shards: %d runs at %d grid points written to %s\n", len(args), man.Runs, man.Points, out)
			return nil
		},
	}
	f := cmd.Flags()
	commonFlags(f, "", "no-figures")
	return cmd
}
