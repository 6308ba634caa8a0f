package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

func newValidateCommand() *cobra.Command {
	var sets []string
	cmd := &cobra.Command{
		Use:   "validate SCENARIO",
		Short: "Check a scenario (a file or a built-in name) without running it",
		Example: `  tajikpeace validate my-counterfactual.yaml
  tajikpeace validate baseline --set parties.uto.cohesion=0.8`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := scenarios.Load(args[0], sets)
			if err != nil {
				return fmt.Errorf("invalid scenario:\n%w", err)
			}
			sc := res.Scenario
			fmt.Fprintf(cmd.OutOrStdout(), "%s: valid scenario %q (%d parties, %d observers, %d agenda items, %d events, %d meetings; sha256 %s)\n",
				args[0], sc.Name, len(sc.Parties), len(sc.Observers), len(sc.Agenda), len(sc.Events), len(sc.Calendar.Meetings), res.Hash[:12])
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil, "override a parameter: key.path=value (repeatable)")
	return cmd
}
