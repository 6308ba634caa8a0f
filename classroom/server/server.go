// Package server is `tajikpeace serve`: the classroom page served from
// the lecturer's machine for a class session. Students open it, play a
// party, and hand their game in with the session's join code; the server
// plays each game again (package play, through studies.Played) to check it
// and to read its dates, keeps it in memory and as a file in the
// lecturer's directory (never overwriting one), and lists the class's
// games for the debrief view.
//
// Data flows: a student's POST /api/games -> checked, replayed -> Entry ->
// memory and DIR/NNN-name.json; GET /api/games -> every Entry -> the page's
// debrief. The page itself is the classroom page (package site), from
// memory: the server reads no file a request names.
package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/tajikpeace/tajikpeace/play"
	"github.com/tajikpeace/tajikpeace/studies"
)

// Config is a session's page, code, directory and bounds.
type Config struct {
	Page     []byte // the classroom page (index.html)
	Code     string // the join code students hand games in with
	Dir      string // where handed-in games are kept as files
	MaxGames int    // games the session takes (default 500)
	MaxBody  int64  // bytes a request may send (default 1 MiB)
}

// Entry is one handed-in game, as the debrief shows it.
type Entry struct {
	ID       int        `json:"id"`
	Name     string     `json:"name"`
	Received time.Time  `json:"received"`
	File     string     `json:"file"`
	Game     *play.Game `json:"game"`
	// Turning is the number of decisions the party's rule would not have
	// taken; Cells the run's milestone table as the command line prints it.
	Turning int        `json:"turning_points"`
	Cells   [][]string `json:"cells"`
}

// Server holds a session's games.
type Server struct {
	cfg   Config
	mu    sync.Mutex
	games []Entry
}

// New checks the configuration and creates the directory.
func New(cfg Config) (*Server, error) {
	if len(cfg.Page) == 0 {
		return nil, errors.New("no page to serve")
	}
	if !codePattern.MatchString(cfg.Code) {
		return nil, fmt.Errorf("join code %q: expected 4 to 12 capital letters or digits", cfg.Code)
	}
	if cfg.MaxGames == 0 {
		cfg.MaxGames = 500
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxGames < 0 || cfg.MaxBody < 0 {
		return nil, errors.New("the bounds must be positive")
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("the games' directory: %w", err)
	}
	return &Server{cfg: cfg}, nil
}

var (
	codePattern = regexp.MustCompile(`^[A-Z0-9]{4,12}$`)
	// A name is a student's, shown to the class and put in a file name:
	// letters (any script), digits, spaces and . - _ only.
	namePattern = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$`)
	unsafeChars = regexp.MustCompile(`[^\p{L}\p{N}_-]+`)
)

// Handler serves the page and the API; anything else is 404.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	page := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(s.cfg.Page))
	}
	mux.HandleFunc("GET /{$}", page)
	mux.HandleFunc("GET /index.html", page)
	mux.HandleFunc("POST /api/games", s.handIn)
	mux.HandleFunc("GET /api/games", s.list)
	return http.MaxBytesHandler(mux, s.cfg.MaxBody)
}

// HandIn is what a student's page sends.
type HandIn struct {
	Code string          `json:"code"`
	Name string          `json:"name"`
	Game json.RawMessage `json:"game"`
}

func (s *Server) handIn(w http.ResponseWriter, r *http.Request) {
	var in HandIn
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d bytes", tooBig.Limit))
			return
		}
		fail(w, http.StatusBadRequest, "expected {\"code\", \"name\", \"game\"} as JSON: "+err.Error())
		return
	}
	if !s.codeOK(in.Code) {
		fail(w, http.StatusForbidden, "code: not this session's join code")
		return
	}
	if !namePattern.MatchString(in.Name) {
		fail(w, http.StatusBadRequest, "name: expected 1 to 40 letters, digits, spaces, dots, hyphens or underscores, starting with a letter or digit")
		return
	}
	g, err := play.Parse(in.Game)
	if err != nil {
		fail(w, http.StatusBadRequest, "game: "+err.Error())
		return
	}
	_, run, err := studies.Played(g)
	if err != nil {
		fail(w, http.StatusBadRequest, "game: "+err.Error())
		return
	}
	header, rows := run.Table.Cells()
	e := Entry{Name: in.Name, Received: time.Now().UTC(), Game: g, Turning: len(g.TurningPoints()), Cells: append([][]string{header}, rows...)}

	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.games) >= s.cfg.MaxGames {
		fail(w, http.StatusTooManyRequests, fmt.Sprintf("the session has %d games, the most it takes (serve --max-games)", len(s.games)))
		return
	}
	e.ID = len(s.games) + 1
	file, err := s.save(e)
	if err != nil {
		fail(w, http.StatusInternalServerError, "keeping the game: "+err.Error())
		return
	}
	e.File = file
	s.games = append(s.games, e)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"id": e.ID, "file": file, "cells": e.Cells})
}

// save writes the game as the first free NNN-name.json: a file already
// there (from an earlier session in the same directory) is never replaced.
func (s *Server) save(e Entry) (string, error) {
	b, err := json.MarshalIndent(e.Game, "", " ")
	if err != nil {
		return "", err
	}
	slug := unsafeChars.ReplaceAllString(e.Name, "-")
	for n := e.ID; n < e.ID+100000; n++ {
		name := fmt.Sprintf("%03d-%s.json", n, slug)
		f, err := os.OpenFile(filepath.Join(s.cfg.Dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(append(b, '\n')); err != nil {
			f.Close()
			return "", err
		}
		return name, f.Close()
	}
	return "", errors.New("no free file name")
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	if !s.codeOK(r.URL.Query().Get("code")) {
		fail(w, http.StatusForbidden, "code: not this session's join code")
		return
	}
	s.mu.Lock()
	games := append([]Entry{}, s.games...)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"games": games})
}

func (s *Server) codeOK(code string) bool {
	return subtle.ConstantTimeCompare([]byte(code), []byte(s.cfg.Code)) == 1
}

func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// Games returns the games handed in so far.
func (s *Server) Games() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry{}, s.games...)
}
