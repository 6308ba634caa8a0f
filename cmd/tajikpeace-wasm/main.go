//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"syscall/js"

	"github.com/tajikpeace/tajikpeace/classroom"
)

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
