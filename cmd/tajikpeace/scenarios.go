package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

func newScenariosCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the built-in scenarios and the questions they ask",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			for _, name := range scenarios.Builtin() {
				res, err := scenarios.Load(name, nil)
				if err != nil {
					return fmt.Errorf("built-in %s: %w", name, err)
				}
				fmt.Fprintf(tw, "%s\t%s\n", name, res.Scenario.Question)
			}
			return tw.Flush()
		},
	}
	show := &cobra.Command{
		Use:     "show SCENARIO",
		Short:   "Print a scenario resolved: extends and --set applied",
		Example: "  tajikpeace scenarios show no-taliban",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sets, _ := cmd.Flags().GetStringArray("set")
			res, err := scenarios.Load(args[0], sets)
			if err != nil {
				return fmt.Errorf("invalid scenario:\n%w", err)
			}
			_, err = cmd.OutOrStdout().Write(res.YAML)
			return err
		},
	}
	show.Flags().StringArray("set", nil, "override a parameter: key.path=value (repeatable)")
	diff := &cobra.Command{
		Use:     "diff A B",
		Short:   "Show what scenario B changes against scenario A, value by value",
		Example: "  tajikpeace scenarios diff baseline no-taliban",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var res [2]*scenarios.Resolved
			for i, ref := range args {
				r, err := scenarios.Load(ref, nil)
				if err != nil {
					return fmt.Errorf("invalid scenario %s:\n%w", ref, err)
				}
				res[i] = r
			}
			changes, err := scenarios.Diff(res[0], res[1])
			if err != nil {
				return err
			}
			if len(changes) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "%s and %s set the same parameters\n", args[0], args[1])
				return nil
			}
			for _, c := range changes {
				fmt.Fprintln(cmd.OutOrStdout(), c)
			}
			return nil
		},
	}
	cmd.AddCommand(show, diff)
	return cmd
}
