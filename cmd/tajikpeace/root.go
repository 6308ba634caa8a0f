package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cast"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
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
		Version:       version(),
	}
	root.AddCommand(newRunCommand(), newValidateCommand(), newPlotCommand(), newScenariosCommand(), newCompareCommand(),
		newSweepCommand(), newMergeCommand(), newSensitivityCommand(), newCalibrateCommand())
	addCompletions(root)
	return root
}

// settings binds a command's flags, the TAJIKPEACE_* environment and an
// optional config file into a viper instance of the command's own (a shared
// global instance would let one command's bindings leak into another's).
func settings(cmd *cobra.Command) (*viper.Viper, error) {
	v := viper.New()
	v.SetEnvPrefix("TAJIKPEACE")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	var bindErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err := v.BindPFlag(f.Name, f); err != nil && bindErr == nil {
			bindErr = err
		}
	})
	if bindErr != nil {
		return nil, bindErr
	}
	if err := checkSettingTypes(cmd, v); err != nil {
		return nil, err
	}
	if path := v.GetString("config"); path != "" {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return nil, fmt.Errorf("reading settings file %s: %w", path, err)
		}
		known := map[string]bool{}
		cmd.Flags().VisitAll(func(f *pflag.Flag) { known[f.Name] = true })
		for _, k := range v.AllKeys() {
			if !known[k] && v.InConfig(k) {
				return nil, fmt.Errorf("settings file %s: unknown setting %q (settings are the command's flags)", path, k)
			}
		}
	}
	if err := checkSettingTypes(cmd, v); err != nil {
		return nil, err
	}
	if cmd.Flags().Lookup("workers") != nil {
		if j := v.GetInt("workers"); j < 0 || j > maxWorkers {
			return nil, fmt.Errorf("--workers %d: expected 0 (all cores) to %d (this machine has %d cores)", j, maxWorkers, runtime.NumCPU())
		}
	}
	return v, nil
}

// maxWorkers bounds --workers: each worker holds a model and a batch of
// results, and a typing slip of -j 100000000 would otherwise allocate
// gigabytes before doing anything.
const maxWorkers = 1024

// checkSettingTypes refuses a setting from the environment or a settings
// file that is not of its flag's type: viper reads TAJIKPEACE_WORKERS=abc as
// 0 and `seeds: many` as 0, and the command would run on with them.
// (Values given as flags are checked by the flag parser.)
func checkSettingTypes(cmd *cobra.Command, v *viper.Viper) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		env := "TAJIKPEACE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		where := ""
		if _, ok := os.LookupEnv(env); ok {
			where = env
		} else if v.InConfig(f.Name) {
			where = "settings file " + v.ConfigFileUsed() + ": " + f.Name
		} else {
			return
		}
		val := v.Get(f.Name)
		var e error
		want := ""
		switch f.Value.Type() {
		case "int":
			_, e = cast.ToIntE(val)
			want = "a whole number"
		case "uint64":
			_, e = cast.ToUint64E(val)
			want = "a whole number, 0 or more"
		case "float64":
			_, e = cast.ToFloat64E(val)
			want = "a number"
		case "bool":
			_, e = cast.ToBoolE(val)
			want = "true or false"
		}
		if e != nil {
			err = fmt.Errorf("%s: expected %s for --%s, got %q", where, want, f.Name, fmt.Sprint(val))
		}
	})
	return err
}

// version reports the module version and VCS revision of this build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += "+dirty"
		}
	}
	return v
}

func revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	rev, dirty := "", ""
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	return rev + dirty
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

// arrayFlag is a repeatable flag's values. Given on the command line they
// are taken from the flag itself: viper's string slice drops an empty
// value, so --set ” ran as if no override had been given (issue #12
// item 20); from the environment or a settings file, from viper.
func arrayFlag(cmd *cobra.Command, v *viper.Viper, name string) []string {
	if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
		// The value itself: GetStringArray goes through the flag's text,
		// in which [""] and [] read the same.
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			return sv.GetSlice()
		}
	}
	return v.GetStringSlice(name)
}
