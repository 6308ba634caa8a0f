package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/scenarios"
)

// Shell completion (cobra's `tajikpeace completion bash|zsh|fish|powershell`):
// scenario names where a command takes a scenario, key paths after --set
// and --vary, posterior names, figure formats and output directories.

// scenarioArgs completes a built-in scenario's name, or a YAML file.
func scenarioArgs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return namesOrFiles(scenarios.Builtin(), toComplete, "yaml", "yml")
}

// namesOrFiles completes the names that begin with toComplete, or, when
// none does, a file with one of the extensions.
func namesOrFiles(names []string, toComplete string, exts ...string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, name := range names {
		if strings.HasPrefix(name, toComplete) {
			out = append(out, name)
		}
	}
	if len(out) > 0 {
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	return exts, cobra.ShellCompDirectiveFilterFileExt
}

// oneScenarioArg completes the first argument only.
func oneScenarioArg(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return scenarioArgs(cmd, args, toComplete)
}

// pathSettings completes key.path= for --set and --vary: the paths of the
// scenario named on the command line (the baseline if none).
func pathSettings(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if strings.Contains(toComplete, "=") {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	res, err := scenarios.Load(scenarioRef(args), nil)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, p := range scenarios.Paths(res) {
		if strings.HasPrefix(p, toComplete) {
			out = append(out, p+"=")
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// posteriorNames completes a built-in posterior's name, or a directory or
// CSV file (a calibration's output).
func posteriorNames(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return namesOrFiles(scenarios.BuiltinPosteriors(), toComplete, "csv")
}

func fixed(values ...string) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

func directories(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// addCompletions registers the completions of every command's arguments
// and flags.
func addCompletions(root *cobra.Command) {
	flags := map[string]func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective){
		"set": pathSettings, "vary": pathSettings, "posterior": posteriorNames, "from": posteriorNames,
		"format": fixed("png", "svg", "pdf"), "out": directories, "resume": directories, "target": directories,
		"method": nil, "sampler": fixed("mcmc", "pmc"), "params": nil, "outcome": nil,
	}
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		switch c.Name() {
		case "run", "sweep", "calibrate", "sensitivity", "show", "validate":
			c.ValidArgsFunction = oneScenarioArg
		case "compare":
			c.ValidArgsFunction = scenarioArgs
		case "diff":
			c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) >= 2 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return scenarioArgs(cmd, args, toComplete)
			}
		case "plot", "merge":
			c.ValidArgsFunction = directories
		}
		for name, f := range flags {
			if f != nil && c.LocalFlags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, f)
			}
		}
		switch c.Name() {
		case "calibrate":
			_ = c.RegisterFlagCompletionFunc("method", fixed("smc", "rejection"))
			_ = c.RegisterFlagCompletionFunc("params", func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if toComplete != "" && strings.HasPrefix("all", toComplete) {
					return []cobra.Completion{"all"}, cobra.ShellCompDirectiveNoFileComp
				}
				return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
			})
		case "sensitivity":
			_ = c.RegisterFlagCompletionFunc("method", fixed("morris", "sobol"))
		}
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
}
