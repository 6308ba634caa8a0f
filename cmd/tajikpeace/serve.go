package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/classroom/server"
	"github.com/tajikpeace/tajikpeace/classroom/site"
	"github.com/tajikpeace/tajikpeace/internal/cliconfig"
)

func newServeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the classroom page for a class session: students play, hand in their games with a join code, and the class debriefs",
		Long: `Serve the classroom page from this machine for a class session. Students open
the address printed, play a part, and hand their game in with the session's
join code; each game is played again to check it, kept in memory and as a
file in --dir (an existing file is never replaced), and the page's "Class
debrief" shows every student's run beside the others' and history.

By default it listens on 127.0.0.1 (this machine only); --listen 0.0.0.0:8080
opens it to the room's network (students then use this machine's address).
Requests are bounded (--max-body bytes, --max-games games); the page reads no
file of this machine.`,
		Example: `  tajikpeace serve
  tajikpeace serve --listen 0.0.0.0:8080 --dir out/seminar-3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := cliconfig.Bind(cmd, "TAJIKPEACE")
			if err != nil {
				return err
			}
			code := v.GetString("code")
			if code == "" {
				code = joinCode()
			}
			dir := v.GetString("dir")
			if dir == "" {
				dir = filepath.Join("out", "class")
			}
			ln, err := net.Listen("tcp", v.GetString("listen"))
			if err != nil {
				return fmt.Errorf("--listen: %w", err)
			}
			defer ln.Close()
			model, wasmExec, err := pageModel(cmd, v.GetString("go"))
			if err != nil {
				return err
			}
			var page bytes.Buffer
			if err := site.Page(&page, model, wasmExec); err != nil {
				return err
			}
			srv, err := server.New(server.Config{Page: page.Bytes(), Code: code, Dir: dir,
				MaxGames: v.GetInt("max-games"), MaxBody: v.GetInt64("max-body")})
			if err != nil {
				return err
			}
			hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second,
				ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10}
			fmt.Fprintf(cmd.OutOrStdout(), "classroom session: open http://%s/  join code %s\ngames handed in are kept in %s; Ctrl-C ends the session\n",
				ln.Addr(), code, dir)
			errc := make(chan error, 1)
			go func() { errc <- hs.Serve(ln) }()
			select {
			case err := <-errc:
				return err
			case <-cmd.Context().Done():
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if err := hs.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "session ended: %d games in %s\n", len(srv.Games()), dir)
				return nil
			}
		},
	}
	f := cmd.Flags()
	f.String("listen", "127.0.0.1:8080", "address to listen on (0.0.0.0:8080 for the room's network)")
	f.String("dir", "", "directory the handed-in games are kept in (default out/class; files there are never replaced)")
	f.String("code", "", "the join code (default: four random letters)")
	f.Int("max-games", 500, "games the session takes")
	f.Int64("max-body", 1<<20, "bytes a request may send")
	f.String("go", "go", "the go command that compiles the model, where this build carries none")
	f.String("config", "", "settings file (YAML) with any of these flags")
	return cmd
}

// joinCode is four capital letters, without I and O (read as 1 and 0).
func joinCode() string {
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, 4)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}
