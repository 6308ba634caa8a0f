package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tajikpeace/tajikpeace/classroom/server"
	"github.com/tajikpeace/tajikpeace/classroom/site"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/play"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
)

// The browser tests load the page in headless Chromium (Debian's
// chromium; .ci/run installs it) and skip, saying so, where there is
// none, unless REQUIRE_BROWSER is set, as CI sets it. Screenshots go to
// $ARTEFACTS if set (else a temporary directory).

var (
	pageOnce sync.Once
	pagePath string
	pageErr  error
)

// builtPage compiles the model once and writes the page into a
// directory of its own.
func builtPage(t testing.TB) string {
	t.Helper()
	pageOnce.Do(func() {
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		model, loader, err := site.Build(context.Background(), gobin, ".")
		if err != nil {
			pageErr = err
			return
		}
		dir, err := os.MkdirTemp("", "tajikpeace-page-")
		if err != nil {
			pageErr = err
			return
		}
		pagePath = filepath.Join(dir, "index.html")
		f, err := os.Create(pagePath)
		if err != nil {
			pageErr = err
			return
		}
		if err := site.Page(f, model, loader); err != nil {
			pageErr = err
		}
		if err := f.Close(); err != nil && pageErr == nil {
			pageErr = err
		}
	})
	if pageErr != nil {
		t.Fatal(pageErr)
	}
	return pagePath
}

func chromium(t testing.TB) string {
	t.Helper()
	racetest.SkipHeavy(t)
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("REQUIRE_BROWSER") != "" {
		t.Fatal("REQUIRE_BROWSER is set but no chromium is on PATH (Debian: apt-get install chromium)")
	}
	t.Skip("no chromium on PATH: the browser tests need it (Debian: apt-get install chromium)")
	return ""
}

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel []context.CancelFunc
	browserErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, cancel := range browserCancel {
		cancel()
	}
	if pagePath != "" {
		os.RemoveAll(filepath.Dir(pagePath))
	}
	os.Exit(code)
}

// browser returns a new tab of one headless Chromium the package's tests
// share (started once: a start costs a second or two).
func browser(t testing.TB) context.Context {
	t.Helper()
	exe := chromium(t)
	browserOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tajikpeace-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.UserDataDir(dir),
			// This machine's network is closed: no background connections.
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true))
		actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(actx)
		browserCancel = []context.CancelFunc{cancelCtx, cancel, func() { os.RemoveAll(dir) }}
		browserErr = chromedp.Do(ctx) // start it
		browserCtx = ctx
	})
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// open loads the page with a query and waits until it has answered (or
// failed), returning the page's state.
func open(t testing.TB, ctx context.Context, query string) string {
	t.Helper()
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(builtPage(t)), RawQuery: query}
	if err := chromedp.Do(ctx, chromedp.Navigate(u.String()), settled()); err != nil {
		t.Fatalf("loading %s: %v", u.String(), err)
	}
	return eval[string](t, ctx, `document.body.dataset.state`)
}

// rerun presses Run (which marks the page running at once) and waits
// for the answer.
func rerun(t testing.TB, ctx context.Context) {
	t.Helper()
	if state := eval[string](t, ctx, `document.getElementById("run").click(), document.body.dataset.state`); state != "running" {
		t.Fatalf("after pressing Run the page is %q, want running", state)
	}
	if err := chromedp.Do(ctx, settled()); err != nil {
		t.Fatal(err)
	}
}

func settled() chromedp.Action[chromedp.Void] {
	return chromedp.WaitReady(`body[data-state="done"], body[data-state="error"]`)
}

func eval[T any](t testing.TB, ctx context.Context, js string) T {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// cells reads a table of the page, cell by cell.
func cells(t *testing.T, ctx context.Context, id string) [][]string {
	t.Helper()
	return eval[[][]string](t, ctx, fmt.Sprintf(
		`[...document.querySelectorAll("#%s tr")].map(r => [...r.cells].map(c => c.textContent))`, id))
}

// commandLine is the milestone table `tajikpeace run NAME --seeds N --seed
// S --set ...` prints, cell by cell (studies.Ensemble is what run calls).
func commandLine(t *testing.T, name string, seeds int, seed uint64, sets ...string) [][]string {
	t.Helper()
	res, err := scenarios.Load(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	e, err := studies.Ensemble(context.Background(), res, seed, seeds, 0)
	if err != nil {
		t.Fatal(err)
	}
	header, rows := e.Table.Cells()
	return append([][]string{header}, rows...)
}

// screenshot keeps a picture of the page (or of the element sel) as a
// test artefact.
func screenshot(t *testing.T, ctx context.Context, name, sel string) {
	t.Helper()
	dir := os.Getenv("ARTEFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shot := chromedp.FullScreenshot(100)
	if sel != "" {
		// The element at the top of the window, as a student sees it.
		eval[bool](t, ctx, fmt.Sprintf(`(document.querySelector(%q).scrollIntoView(), true)`, sel))
		shot = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestPageGivesTheCommandLinesNumbers: a prepared address runs on load
// and its #milestones table is `tajikpeace run`'s, cell by cell; moving a
// slider puts the override in the address, and running again gives the
// command line's table with that override.
func TestPageGivesTheCommandLinesNumbers(t *testing.T) {
	ctx := browser(t)
	if state := open(t, ctx, "scenario=no-taliban&seeds=200&seed=1"); state != "done" {
		t.Fatalf("the page ended %q: %s", state, eval[string](t, ctx, `document.getElementById("error").textContent`))
	}
	screenshot(t, ctx, "no-taliban", "")
	got, want := cells(t, ctx, "milestones"), commandLine(t, "no-taliban", 200, 1)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the page's table differs from the command line's:\npage: %q\ncli:  %q", got, want)
	}

	const path = "mechanisms.battlefield.mountain_factor"
	eval[bool](t, ctx, `(() => { const s = document.querySelector('input[data-path="`+path+`"]');
		s.value = 0.5; s.dispatchEvent(new Event("input")); s.dispatchEvent(new Event("change")); return true })()`)
	address := eval[string](t, ctx, `location.search`)
	if q, _ := url.ParseQuery(strings.TrimPrefix(address, "?")); !reflect.DeepEqual(q["set"], []string{path + "=0.5"}) {
		t.Fatalf("after moving the slider the address is %s, want set=%s=0.5", address, path)
	}
	rerun(t, ctx)
	moved := cells(t, ctx, "milestones")
	if want := commandLine(t, "no-taliban", 200, 1, path+"=0.5"); !reflect.DeepEqual(moved, want) {
		t.Fatalf("after the slider the page's table differs from the command line's with --set %s=0.5:\npage: %q\ncli:  %q", path, moved, want)
	}
	if reflect.DeepEqual(moved, got) {
		t.Error("moving the government army's effectiveness in the mountains from 0.36 to 0.5 changed nothing in the table")
	}
	screenshot(t, ctx, "no-taliban-slider", "")
}

// TestPageRefusesABadAddress: a hand-edited address gets the model's
// message, naming the key, and no table.
func TestPageRefusesABadAddress(t *testing.T) {
	ctx := browser(t)
	for _, c := range []struct{ query, want string }{
		{"scenario=no-taliban&seeds=0", `seeds "0": expected a number of runs from 2 to 20000`},
		{"scenario=endogenous&seeds=20&set=parties.uto.cohesion=2", "parties.uto.cohesion: expected a number from 0 to 1, got 2"},
		{"scenario=my.yaml", `scenario "my.yaml": expected a built-in scenario`},
	} {
		if state := open(t, ctx, c.query); state != "error" {
			t.Errorf("%s: the page ended %q, want error", c.query, state)
		}
		if msg := eval[string](t, ctx, `document.getElementById("error").textContent`); !strings.Contains(msg, c.want) {
			t.Errorf("%s: the page says %q, want it to contain %q", c.query, msg, c.want)
		}
		if rows := eval[int](t, ctx, `document.querySelectorAll("#milestones tr").length`); rows != 0 {
			t.Errorf("%s: the page shows a table of %d rows for a question it could not run", c.query, rows)
		}
	}
}

// BenchmarkPageBaselineRuns runs 1,000 baseline runs in the page, from
// the click on Run to the drawn answer (issue #14 asks for under five
// seconds on the 2-core machine; the README gives the measured time):
//
//	go test ./classroom/site -run '^$' -bench PageBaselineRuns -benchtime 3x
func BenchmarkPageBaselineRuns(b *testing.B) {
	ctx := browser(b)
	if state := open(b, ctx, "scenario=baseline&ref=none&seeds=1000&seed=1"); state != "done" {
		b.Fatalf("the page ended %q", state)
	}
	b.ResetTimer()
	for b.Loop() {
		rerun(b, ctx)
	}
	b.ReportMetric(1000, "runs/op")
}

// TestPageRolePlayReplaysOnTheCommandLine plays whole games in the page
// with scripted students - the UTO asking for amendments to every first
// draft and otherwise deciding as the model's delegation would; Russia
// arming the government throughout; the UN envoy convening as the model
// would and placing every draft at 0.3 - saves the decisions, and plays them
// again as `tajikpeace run --play` does: the same milestone dates as the
// page's run.
func TestPageRolePlayReplaysOnTheCommandLine(t *testing.T) {
	ctx := browser(t)
	if state := open(t, ctx, "scenario=endogenous&ref=none&seeds=20&seed=2"); state != "done" {
		t.Fatalf("the page ended %q", state)
	}
	for _, c := range []struct{ role, choice string }{
		{"uto", `b.dataset.draft === "0" ? "amend" : b.dataset.agent`},
		{"russia", `"arm"`},
		// The envoy convenes as the model would and tables every text at 0.3
		// of the axis, on the government's side of most compromises.
		{"un", `b.dataset.kind === "place" ? (document.getElementById("game-point").value = "0.3", "place") : b.dataset.agent`},
	} {
		t.Run(c.role, func(t *testing.T) {
			eval[bool](t, ctx, `(document.getElementById("role").value = "`+c.role+`", document.getElementById("play-run").value = "5", true)`)
			waitGame := chromedp.WaitReady(`body[data-state="asking"], body[data-state="played"], body[data-state="error"]`)
			eval[bool](t, ctx, `(document.getElementById("play-start").click(), true)`)
			wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
			defer wcancel()
			if err := chromedp.Do(wctx, waitGame); err != nil {
				t.Fatalf("%v: the page is %s: %s", err, eval[string](t, ctx, `document.body.dataset.state`), eval[string](t, ctx, `document.getElementById("status-text").textContent + " | " + document.getElementById("error").textContent`))
			}
			screenshot(t, ctx, "role-play-"+c.role+"-first", "#game")
			decisions, answered := 0, false
			for {
				state := eval[string](t, ctx, `document.body.dataset.state`)
				if state != "asking" {
					if state != "played" {
						t.Fatalf("the game ended %q: %s", state, eval[string](t, ctx, `document.getElementById("error").textContent`))
					}
					break
				}
				if !answered && eval[string](t, ctx, `document.getElementById("game-buttons").dataset.draft`) != "" {
					answered = true
					screenshot(t, ctx, "role-play-"+c.role+"-draft", "#game")
				}
				if decisions++; decisions > 5000 {
					t.Fatal("more than 5,000 decisions: the game does not end")
				}
				eval[bool](t, ctx, `(() => {
					const b = document.getElementById("game-buttons");
					const choice = `+c.choice+`;
					b.querySelector('button[data-choice="' + choice + '"]').click();
					return true })()`)
				if err := chromedp.Do(ctx, waitGame); err != nil {
					t.Fatal(err)
				}
			}
			screenshot(t, ctx, "role-play-"+c.role+"-end", "#game-end")
			var g play.Game
			if err := json.Unmarshal([]byte(eval[string](t, ctx, `document.body.dataset.game`)), &g); err != nil {
				t.Fatal(err)
			}
			if g.Role != c.role || len(g.Decisions) != decisions || len(g.TurningPoints()) == 0 {
				t.Fatalf("the saved game (%s) holds %d decisions (%d turning points), the page asked %d", g.Role, len(g.Decisions), len(g.TurningPoints()), decisions)
			}
			_, run, err := studies.Played(&g)
			if err != nil {
				t.Fatal(err)
			}
			header, rows := run.Table.Cells()
			if got, want := cells(t, ctx, "played-milestones"), append([][]string{header}, rows...); !reflect.DeepEqual(got, want) {
				t.Errorf("the page's game and its replay differ:\npage:   %q\nreplay: %q", got, want)
			}
		})
	}
}

// TestServedPageHandsInAGame loads the page from a class session's server
// (tajikpeace serve), plays a game letting the model decide, hands it in
// with the join code, and shows the debrief: the server keeps the game,
// replayed, with the page's dates.
func TestServedPageHandsInAGame(t *testing.T) {
	ctx := browser(t)
	page, err := os.ReadFile(builtPage(t))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Page: page, Code: "KQXM", Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?scenario=endogenous&ref=none&seeds=10&seed=3"), settled()); err != nil {
		t.Fatal(err)
	}
	waitGame := chromedp.WaitReady(`body[data-state="asking"], body[data-state="played"], body[data-state="error"]`)
	if err := chromedp.Do(ctx, chromedp.Click("#play-start"), waitGame, chromedp.Click("#game-auto-all"),
		chromedp.WaitReady(`body[data-state="played"], body[data-state="error"]`)); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `(document.getElementById("hand-in-name").value = "Farrukh", document.getElementById("hand-in-code").value = "kqxm", true)`)
	if err := chromedp.Do(ctx, chromedp.Click(`#hand-in button`), chromedp.WaitReady(`body[data-handed-in]`)); err != nil {
		t.Fatalf("%v: %s", err, eval[string](t, ctx, `document.getElementById("hand-in-result").textContent`))
	}
	games := srv.Games()
	if len(games) != 1 || games[0].Name != "Farrukh" || games[0].Game.Seed != 3 {
		t.Fatalf("the server holds %+v", games)
	}
	if got := cells(t, ctx, "played-milestones"); !reflect.DeepEqual(got, games[0].Cells) {
		t.Errorf("the page's run and the server's replay differ:\npage:   %q\nserver: %q", got, games[0].Cells)
	}
	eval[bool](t, ctx, `(document.getElementById("debrief-code").value = "KQXM", true)`)
	if err := chromedp.Do(ctx, chromedp.Click("#debrief-show"), chromedp.WaitReady(`body[data-state="debrief"]`)); err != nil {
		t.Fatal(err)
	}
	if rows := len(cells(t, ctx, "class-games")); rows != 2 {
		t.Errorf("the debrief's table has %d rows, want a header and one game", rows)
	}
	screenshot(t, ctx, "class-debrief", "#debrief")
}
