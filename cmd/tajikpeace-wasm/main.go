//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/tajikpeace/tajikpeace/classroom"
	"github.com/tajikpeace/tajikpeace/play"
	"github.com/tajikpeace/tajikpeace/sim"
)

// game is the role play in progress: the run plays on its own goroutine
// and stops at each decision, sending the situation and waiting for the
// person's choice. playStart and playDecide each return the next stop:
// {"ask": {...}} or, at the end, {"played": {...}}.
type game struct {
	asks    chan ask
	choices chan string
	done    chan result
	running bool
}

type ask struct {
	Kind      string        `json:"kind"` // answer, attend, stance, convene or place
	Situation sim.Situation `json:"situation"`
	Agent     string        `json:"agent"` // what the party's rule decided
}

type result struct {
	played *classroom.Played
	err    error
}

// either asks a yes-or-no decision of kind: the words yes and no, the
// rule's choice agent.
func (g *game) either(kind string, s sim.Situation, agent bool, yes, no string) bool {
	word := no
	if agent {
		word = yes
	}
	g.asks <- ask{kind, s, word}
	return <-g.choices == yes
}

func (g *game) Attend(s sim.Situation, agent bool) bool {
	return g.either(play.KindAttend, s, agent, play.Attend, play.StayAway)
}

func (g *game) Answer(s sim.Situation, agent sim.Response) sim.Response {
	g.asks <- ask{play.KindAnswer, s, play.Answers[agent]}
	c := slices.Index(play.Answers, <-g.choices)
	if c < 0 {
		return agent
	}
	return sim.Response(c)
}

func (g *game) Stance(s sim.Situation, agent string) string {
	g.asks <- ask{play.KindStance, s, agent}
	return <-g.choices
}

func (g *game) Convene(s sim.Situation, agent bool) bool {
	return g.either(play.KindConvene, s, agent, play.Convene, play.Wait)
}

// Place passes the person's point on (a number the page's slider gives,
// or "as the rule"); play.Recorder keeps it to three decimals.
func (g *game) Place(s sim.Situation, agent float64) string {
	g.asks <- ask{play.KindPlace, s, play.PointWord(agent)}
	return <-g.choices
}

func (g *game) start(q classroom.Query, run int, role string) any {
	if g.running {
		return fail("a game is in progress: finish it first")
	}
	g.asks, g.choices, g.done = make(chan ask), make(chan string), make(chan result, 1)
	g.running = true
	go func() {
		p, err := classroom.Play(q, run, role, g)
		g.done <- result{p, err}
	}()
	return g.next()
}

func (g *game) decide(choice string) any {
	if !g.running {
		return fail("no game is in progress")
	}
	words := append(append(slices.Clone(play.Answers), play.Attend, play.StayAway, play.AsTheRule, play.Convene, play.Wait), play.Stances...)
	if x, err := strconv.ParseFloat(choice, 64); !slices.Contains(words, choice) && (err != nil || !(x >= 0 && x <= 1)) {
		return fail("choice " + choice + ": expected one of " + strings.Join(words, ", ") + ", or a point of the axis from 0 to 1")
	}
	g.choices <- choice
	return g.next()
}

// next waits for the run's next decision or its end.
func (g *game) next() any {
	select {
	case a := <-g.asks:
		return reply(map[string]any{"ask": a}, nil)
	case r := <-g.done:
		g.running = false
		if r.err != nil {
			return fail(r.err.Error())
		}
		return reply(map[string]any{"played": r.played}, nil)
	}
}

func main() {
	js.Global().Set("tajikpeace", js.ValueOf(map[string]any{
		"scenarios": js.FuncOf(func(js.Value, []js.Value) any {
			return reply(classroom.Scenarios())
		}),
		"describe": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) != 2 {
				return fail("describe(name, sets): expected two arguments")
			}
			var sets []string
			if err := json.Unmarshal([]byte(args[1].String()), &sets); err != nil {
				return fail("describe: the overrides: " + err.Error())
			}
			return reply(classroom.Describe(args[0].String(), sets))
		}),
		"run": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) != 2 {
				return fail("run(query, progress): expected two arguments")
			}
			q, err := classroom.ParseQuery(args[0].String())
			if err != nil {
				return fail(err.Error())
			}
			progress := args[1]
			step := 0
			return reply(classroom.Run(context.Background(), q, func(done, total int) {
				// About a hundred calls whatever the number of runs: each
				// crosses into JavaScript and posts a message.
				if step == 0 {
					step = max(1, total/100)
				}
				if done%step == 0 || done == total {
					progress.Invoke(done, total)
				}
			}))
		}),
	}))
	g := &game{}
	js.Global().Get("tajikpeace").Set("playStart", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 3 {
			return fail("playStart(query, run, role): expected three arguments")
		}
		q, err := classroom.ParseQuery(args[0].String())
		if err != nil {
			return fail(err.Error())
		}
		return g.start(q, args[1].Int(), args[2].String())
	}))
	js.Global().Get("tajikpeace").Set("playDecide", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 {
			return fail("playDecide(choice): expected one argument")
		}
		return g.decide(args[0].String())
	}))
	select {} // serve the calls until the worker ends
}

func reply[T any](v T, err error) any {
	if err != nil {
		return fail(err.Error())
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fail(err.Error())
	}
	return string(b)
}

func fail(msg string) any {
	b, _ := json.Marshal(map[string]string{"error": msg})
	return string(b)
}
