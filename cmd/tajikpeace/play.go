package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/tajikpeace/tajikpeace/figures"
	"github.com/tajikpeace/tajikpeace/internal/safefile"
	"github.com/tajikpeace/tajikpeace/play"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/studies"
)

// runPlayed is run --play FILE: the game's one run, played again with its
// decisions. The file names the scenario, the seed and the run, so the
// flags that choose them are refused rather than silently overridden.
func runPlayed(cmd *cobra.Command, v *viper.Viper, args []string, file string) error {
	for _, name := range []string{"seeds", "seed", "run", "set", "posterior", "trace"} {
		if cmd.Flags().Changed(name) {
			return fmt.Errorf("--play %s: the game names its scenario, seed and run; --%s does not go with it", file, name)
		}
	}
	b, err := safefile.Read(file, 16<<20)
	if err != nil {
		return fmt.Errorf("--play: %w", err)
	}
	g, err := play.Parse(b)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(args) > 0 && args[0] != g.Scenario {
		return fmt.Errorf("--play %s: the game was played on %s, not %s", file, g.Scenario, args[0])
	}
	res, run, err := studies.Played(g)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	out := v.GetString("out")
	if out == "" {
		out = filepath.Join("out", g.Scenario+"-played")
	}
	lock, format, err := claimForFigures(cmd, v, out)
	if err != nil {
		return err
	}
	defer lock.Release()
	run.Table.WriteText(cmd.OutOrStdout())
	turning := g.TurningPoints()
	fmt.Fprintf(cmd.OutOrStdout(), "\n%d decisions as the %s, %d of them not what the model's %s would have decided\n", len(g.Decisions), g.Role, len(turning), g.Role)
	sum := sha256.Sum256(b)
	man := provenance().RunManifest(res, g.Seed, 1)
	man.Play = &results.PlayInfo{File: filepath.Base(file), SHA256: hex.EncodeToString(sum[:]), Role: g.Role, Run: g.Run,
		Decisions: len(g.Decisions), TurningPoints: len(turning)}
	if err := results.Publish(out, v.GetBool("force"), func(tmp string) error { return figures.WriteRun(tmp, run, man, format) }); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "\nwrote %s\n", out)
	return nil
}
