// Command tajikpeace runs the agent-based simulation of the 1992-1997
// inter-Tajik peace process. See the README for the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := newRootCommand().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "tajikpeace:", err)
		os.Exit(1)
	}
}
