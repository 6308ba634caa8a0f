package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/classroom"
	"github.com/tajikpeace/tajikpeace/play"
)

type agreeable = play.Rule

// game is a real game, as a student's page hands it in.
func game(t *testing.T, run int) json.RawMessage {
	t.Helper()
	q, err := classroom.ParseQuery("scenario=endogenous&seeds=10&seed=1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := classroom.Play(q, run, "uto", agreeable{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p.Game)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func session(t *testing.T, maxGames int) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(Config{Page: []byte("<!doctype html><title>page</title>"), Code: "KQXM", Dir: t.TempDir(), MaxGames: maxGames, MaxBody: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func post(t *testing.T, ts *httptest.Server, body []byte) (int, string) {
	t.Helper()
	res, err := http.Post(ts.URL+"/api/games", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func handIn(t *testing.T, code, name string, g json.RawMessage) []byte {
	t.Helper()
	b, err := json.Marshal(HandIn{Code: code, Name: name, Game: g})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestHandInAndDebrief: a game handed in with the code is replayed, kept
// as a file and listed for the debrief with the run's table.
func TestHandInAndDebrief(t *testing.T) {
	s, ts := session(t, 10)
	if code, body := get(t, ts.URL+"/"); code != 200 || !strings.Contains(body, "<title>page</title>") {
		t.Fatalf("GET /: %d %q", code, body)
	}
	g := game(t, 2)
	if code, body := post(t, ts, handIn(t, "KQXM", "Dilnoza R.", g)); code != http.StatusCreated {
		t.Fatalf("hand in: %d %s", code, body)
	}
	code, body := get(t, ts.URL+"/api/games?code=KQXM")
	if code != 200 {
		t.Fatalf("list: %d %s", code, body)
	}
	var list struct{ Games []Entry }
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Games) != 1 || list.Games[0].Name != "Dilnoza R." || list.Games[0].Game.Run != 2 || len(list.Games[0].Cells) < 10 {
		t.Fatalf("the debrief lists %+v", list.Games)
	}
	b, err := os.ReadFile(filepath.Join(s.cfg.Dir, list.Games[0].File))
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) || list.Games[0].File != "001-Dilnoza-R-.json" {
		t.Errorf("kept as %s: %q", list.Games[0].File, b)
	}
}

// TestNeverOverwrites: a directory holding an earlier session's files
// keeps them; the new game takes the next free name.
func TestNeverOverwrites(t *testing.T) {
	s, ts := session(t, 10)
	old := filepath.Join(s.cfg.Dir, "001-Ali.json")
	if err := os.WriteFile(old, []byte("earlier session"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, body := post(t, ts, handIn(t, "KQXM", "Ali", game(t, 0))); code != http.StatusCreated {
		t.Fatalf("%d %s", code, body)
	}
	if b, _ := os.ReadFile(old); string(b) != "earlier session" {
		t.Error("an earlier file was overwritten")
	}
	if _, err := os.Stat(filepath.Join(s.cfg.Dir, "002-Ali.json")); err != nil {
		t.Errorf("the game was not kept under the next free name: %v", err)
	}
}

// TestHostileRequestsAreRefused: oversized, malformed, unknown-code,
// ill-named, forged and flooding requests are refused with a message, and
// the server keeps serving the page and the games.
func TestHostileRequestsAreRefused(t *testing.T) {
	s, ts := session(t, 3)
	g := game(t, 1)
	forged := bytes.Replace(g, []byte(`"choice":"accept"`), []byte(`"choice":"reject"`), 1)
	for _, c := range []struct {
		name string
		body []byte
		code int
		want string
	}{
		{"oversized", append([]byte(`{"code":"KQXM","name":"x","game":"`), append(bytes.Repeat([]byte("a"), 300<<10), '"', '}')...), http.StatusRequestEntityTooLarge, "larger than"},
		{"not JSON", []byte(`{"code":`), http.StatusBadRequest, "expected"},
		{"an unknown key", []byte(`{"code":"KQXM","name":"a","game":{},"path":"/etc"}`), http.StatusBadRequest, `unknown field`},
		{"a wrong code", handIn(t, "AAAA", "Ali", g), http.StatusForbidden, "join code"},
		{"a path for a name", handIn(t, "KQXM", "../../etc/passwd", g), http.StatusBadRequest, "name:"},
		{"a script for a name", handIn(t, "KQXM", "<script>alert(1)</script>", g), http.StatusBadRequest, "name:"},
		{"not a game", handIn(t, "KQXM", "Ali", json.RawMessage(`{"scenario":"/etc/passwd"}`)), http.StatusBadRequest, "expected a built-in scenario"},
		{"a forged game", handIn(t, "KQXM", "Ali", forged), http.StatusBadRequest, "game:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, ts, c.body)
			if code != c.code || !strings.Contains(body, c.want) {
				t.Errorf("got %d %s, want %d and %q", code, body, c.code, c.want)
			}
		})
	}
	// A flood: the session takes three games, then says it is full.
	for i := range 5 {
		code, body := post(t, ts, handIn(t, "KQXM", fmt.Sprintf("student %d", i), g))
		want := http.StatusCreated
		if i >= 3 {
			want = http.StatusTooManyRequests
		}
		if code != want {
			t.Errorf("game %d: %d %s, want %d", i+1, code, body, want)
		}
	}
	if n := len(s.Games()); n != 3 {
		t.Errorf("%d games kept, want 3", n)
	}
	for _, c := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/../../etc/passwd", http.StatusNotFound},
		{"GET", "/%2e%2e/%2e%2e/etc/passwd", http.StatusNotFound},
		{"GET", "/index.html/../go.mod", http.StatusNotFound},
		{"GET", "/api/games?code=NOPE", http.StatusForbidden},
		{"PUT", "/api/games", http.StatusMethodNotAllowed},
		{"DELETE", "/", http.StatusMethodNotAllowed},
		{"GET", "/", http.StatusOK},
		{"GET", "/api/games?code=KQXM", http.StatusOK},
	} {
		req, err := http.NewRequest(c.method, ts.URL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.code {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, res.StatusCode, c.code)
		}
	}
}

func TestNewRefuses(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Code: "KQXM", Dir: t.TempDir()}, "no page"},
		{Config{Page: []byte("x"), Code: "ab", Dir: t.TempDir()}, "join code"},
		{Config{Page: []byte("x"), Code: "KQXM", Dir: t.TempDir(), MaxGames: -1}, "positive"},
	} {
		if _, err := New(c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.cfg, err, c.want)
		}
	}
}
