// Command tajikpeace runs the agent-based simulation of the 1992-1997
// inter-Tajik peace process. See the README for the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// SIGTERM (what Slurm and timeout send) stops a command as Ctrl-C does:
	// finished work is kept, nothing half-written is left looking complete.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "tajikpeace:", err)
		os.Exit(1)
	}
}
