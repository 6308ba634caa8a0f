package main

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/classroom"
	"github.com/tajikpeace/tajikpeace/classroom/site"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
	"github.com/tajikpeace/tajikpeace/results"
)

func newClassroomCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "classroom",
		Short: "Write the classroom page: the model in one HTML file that runs in any browser, nothing installed",
		Long: `Write DIR/index.html: a page that runs the model in the browser (the same Go
packages compiled to WebAssembly), with no network request, so that it works
from file://, a USB stick or any static web host. Students choose a scenario,
switch events and mechanisms off, move the parameters' sliders, run hundreds
of seeded runs and see the milestone table and the figures beside history and
a reference scenario, under common random numbers.

The page's address holds its question, so a link hands out a prepared one:
  index.html?scenario=no-taliban&seeds=500&seed=1&ref=endogenous
  index.html?scenario=endogenous&set=observers.russia.interests.taliban=0.5
(keys: scenario, ref (a built-in scenario or none), seeds (2 to 20000), seed,
set (repeatable)). The same question and seed give the numbers of
'tajikpeace run SCENARIO --seeds N --seed S --set ...', to the digit.

A release build (make dist) carries the compiled model; otherwise the command
compiles it with the go command, from a copy of this repository (about ten
seconds, a minute the first time).`,
		Example: `  tajikpeace classroom --out classroom
  tajikpeace classroom --out classroom --question 'scenario=no-taliban&seeds=500'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			question := v.GetString("question")
			if question != "" {
				q, err := classroom.ParseQuery(question)
				if err != nil {
					return fmt.Errorf("--question: %w", err)
				}
				question = q.Encode()
			}
			out := v.GetString("out")
			if out == "" {
				out = filepath.Join("out", "classroom")
			}
			lock, err := claim(cmd, out, v.GetBool("force"))
			if err != nil {
				return err
			}
			defer lock.Release()
			model, wasmExec, err := pageModel(cmd, v.GetString("go"))
			if err != nil {
				return err
			}
			err = results.Publish(out, v.GetBool("force"), func(dir string) error {
				return results.WriteFile(filepath.Join(dir, "index.html"), func(w *bufio.Writer) error {
					return site.Page(w, model, wasmExec)
				})
			})
			if err != nil {
				return err
			}
			abs, err := filepath.Abs(filepath.Join(out, "index.html"))
			if err != nil {
				return err
			}
			link := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: question}).String()
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: open it in a browser, or copy the folder to a USB stick or a static web host\n%s\n", out, link)
			return nil
		},
	}
	f := cmd.Flags()
	f.String("out", "", "output directory (default out/classroom)")
	f.Bool("force", false, "replace an existing output directory")
	f.String("question", "", "a question to print the link of (the page's address query: scenario=no-taliban&seeds=500)")
	f.String("go", "go", "the go command that compiles the model, where this build carries none")
	f.String("config", "", "settings file (YAML) with any of these flags")
	return cmd
}

// pageModel is the classroom page's model and its loader: carried by a
// release build, else compiled with the go command (once a process: the
// same source gives the same model).
func pageModel(cmd *cobra.Command, goCmd string) (model, wasmExec []byte, err error) {
	if len(embeddedModel) > 0 {
		return embeddedModel, embeddedLoader, nil
	}
	compiled.Lock()
	defer compiled.Unlock()
	if compiled.model != nil && compiled.goCmd == goCmd {
		return compiled.model, compiled.loader, nil
	}
	fmt.Fprintln(cmd.ErrOrStderr(), "compiling the model to WebAssembly (GOOS=js GOARCH=wasm go build) ...")
	// The copy of the module this command was compiled from, else the one
	// the command runs in.
	dir := site.SourceModule()
	if dir == "" {
		if dir, err = os.Getwd(); err != nil {
			return nil, nil, err
		}
	}
	model, wasmExec, err = site.Build(cmd.Context(), goCmd, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("this tajikpeace carries no compiled model (a release build from make dist does), and compiling one failed: run the command from a copy of the repository with Go installed:\n%w", err)
	}
	compiled.model, compiled.loader, compiled.goCmd = model, wasmExec, goCmd
	return model, wasmExec, nil
}

var compiled struct {
	sync.Mutex
	model, loader []byte
	goCmd         string
}
