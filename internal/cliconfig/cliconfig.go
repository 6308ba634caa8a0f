// Package cliconfig reads a command's settings the way viper's users
// expect - flags, then PREFIX_* environment variables, then a settings
// file - and strictly: a setting of the wrong type or an unknown key in the
// file is an error naming where it came from, not a silent zero.
package cliconfig

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Bind binds a command's flags, the PREFIX_* environment and the settings
// file its --config flag names (if it has one) into a viper instance of the
// command's own (a shared global instance would let one command's bindings
// leak into another's), and checks each setting's type.
func Bind(cmd *cobra.Command, prefix string) (*viper.Viper, error) {
	v := viper.New()
	v.SetEnvPrefix(prefix)
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
	if err := checkTypes(cmd, v, prefix); err != nil {
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
	if err := checkTypes(cmd, v, prefix); err != nil {
		return nil, err
	}
	if cmd.Flags().Lookup("workers") != nil {
		switch j := v.GetInt("workers"); {
		case j < 0 || j > MaxWorkers:
			return nil, fmt.Errorf("--workers %d: expected 0 (all cores) to %d (this machine has %d cores)", j, MaxWorkers, runtime.NumCPU())
		case j == 0:
			v.Set("workers", runtime.GOMAXPROCS(0)) // 0 reads as all cores
		}
	}
	return v, nil
}

// MaxWorkers bounds --workers: each worker holds a model and a batch of
// results, and a typing slip of -j 100000000 would otherwise allocate
// gigabytes before doing anything.
const MaxWorkers = 1024

// checkTypes refuses a setting from the environment or a settings
// file that is not of its flag's type: viper reads TAJIKPEACE_WORKERS=abc as
// 0 and `seeds: many` as 0, and the command would run on with them.
// (Values given as flags are checked by the flag parser.)
func checkTypes(cmd *cobra.Command, v *viper.Viper, prefix string) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		env := strings.ToUpper(prefix) + "_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
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

// Array is a repeatable flag's values. Given on the command line they
// are taken from the flag itself: viper's string slice drops an empty
// value, so --set ” ran as if no override had been given (issue #12
// item 20); from the environment or a settings file, from viper.
func Array(cmd *cobra.Command, v *viper.Viper, name string) []string {
	if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
		// The value itself: GetStringArray goes through the flag's text,
		// in which [""] and [] read the same.
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			return sv.GetSlice()
		}
	}
	return v.GetStringSlice(name)
}
