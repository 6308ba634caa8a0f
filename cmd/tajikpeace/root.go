package main

import (
	"github.com/spf13/cobra"
	"github.com/tajikpeace/tajikpeace/internal/buildinfo"
)

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "tajikpeace",
		Short: "Agent-based simulation of the 1992-1997 inter-Tajik peace process",
		Long: `tajikpeace plays the inter-Tajik talks as agents negotiating: the government,
the United Tajik Opposition, the observer states and organisations, and the UN
mediator, under a scenario file. Outcomes (which protocols are signed, when, on
what terms) come out of the agents and are set beside the historical record.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildinfo.Version(),
	}
	root.AddCommand(newRunCommand(), newValidateCommand(), newPlotCommand(), newScenariosCommand(), newCompareCommand(),
		newSweepCommand(), newMergeCommand(), newSensitivityCommand(), newCalibrateCommand(), newClassroomCommand(), newServeCommand())
	addCompletions(root)
	return root
}

// defaultScenario is what a command runs when it is given no scenario: the
// embedded historical baseline.
const defaultScenario = "baseline"

// scenarioRef is the scenario a command names in its optional first
// argument, or the default.
func scenarioRef(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return defaultScenario
}
