package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// syncBuffer is a buffer the command writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServeServesThePageUntilInterrupted: serve prints its address and a
// join code, serves the classroom page there, and ends cleanly, saying
// how many games it kept, when interrupted (Ctrl-C cancels the context).
func TestServeServesThePageUntilInterrupted(t *testing.T) {
	racetest.SkipSerial(t)
	url, stop := startServe(t, "serve", "--listen", "127.0.0.1:0", "--dir", t.TempDir())
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(page, []byte(`<table id="milestones">`)) || !bytes.Contains(page, []byte(`<script id="model"`)) {
		t.Fatalf("GET %s: %d, %d bytes, not the classroom page", url, res.StatusCode, len(page))
	}
	if out := stop(); !strings.Contains(out, "session ended: 0 games") {
		t.Errorf("serve did not say how the session ended: %s", out)
	}
}

// startServe runs a serve command until it prints its address, and
// returns the address and a stop that interrupts it (as Ctrl-C does) and
// returns what it printed.
func startServe(t *testing.T, args ...string) (string, func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := newRootCommand()
	var out syncBuffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	stop := func() string {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%v: %v", args, err)
		}
		return out.String()
	}
	addr := regexp.MustCompile(`open (http://\S+/)  join code [A-Z]{4}`)
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			return m[1], stop
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("%v ended: %v\n%s", args, err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("%v printed no address: %s", args, out.String())
		}
	}
}

func TestServeRefusesABadAddress(t *testing.T) {
	_, err := execute(t, "serve", "--listen", "no-such-host-name.invalid:99999")
	if err == nil || !strings.Contains(err.Error(), "--listen") {
		t.Errorf("got %v, want an error naming --listen", err)
	}
}
