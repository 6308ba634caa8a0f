package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/classroom"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// TestDocumentedCommandsRun runs every tajikpeace command of the README and
// of docs/teaching.md, in the order a reader meets them, each document in a
// directory of its own: the commands of the shell blocks (a here-document
// or a YAML block headed "# NAME.yaml" writes its file first; GNU
// parallel's ::: and a Slurm array's task id are expanded) and, in the
// teaching guide, those quoted in the text. Only the sizes are cut, so the
// test takes seconds: at most 2 seeds, 10 particles, 2 generations, -n 4,
// 20 samples, 100 bootstrap resamples, no run budget, figures as SVG. A
// command that fails as written fails the test.
func TestDocumentedCommandsRun(t *testing.T) {
	racetest.SkipSerial(t)
	for _, doc := range []string{"README.md", "docs/teaching.md"} {
		t.Run(doc, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", doc))
			if err != nil {
				t.Fatal(err)
			}
			cmds, files := documented(string(b), doc == "docs/teaching.md")
			if len(cmds) < 8 {
				t.Fatalf("found %d commands in %s: the extraction is broken", len(cmds), doc)
			}
			params, err := os.ReadFile(filepath.Join("..", "..", "docs", "calibration", "params.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			t.Chdir(t.TempDir())
			// What the documents assume the reader has: a question of their
			// own and a parameter file; then the files they write out.
			files["my-question.yaml"] = "extends: baseline\nname: my-question\n"
			files["decisions.json"] = savedGame(t)
			if _, ok := files["params.yaml"]; !ok {
				files["params.yaml"] = string(params)
			}
			for name, body := range files {
				if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ran := 0
			for _, c := range cmds {
				t0 := time.Now()
				var out string
				var err error
				if c.args[0] == "serve" {
					// A session runs until Ctrl-C: start it on a free port,
					// see it serve, stop it.
					args := append(shrink(c.args), "--listen", "127.0.0.1:0")
					_, stop := startServe(t, args...)
					out = stop()
				} else {
					out, err = execute(t, shrink(c.args)...)
				}
				t.Logf("%.1fs %v", time.Since(t0).Seconds(), shrink(c.args))
				if err != nil {
					t.Errorf("%s line %d: tajikpeace %s\n%v\n%s", doc, c.line, strings.Join(c.args, " "), err, out)
				}
				ran++
			}
			t.Logf("%s: %d commands ran", doc, ran)
		})
	}
}

type docCommand struct {
	line int
	args []string
}

var (
	inlineCommand = regexp.MustCompile("`tajikpeace ([^`]+)`")
	placeholder   = regexp.MustCompile(`\b[A-Z]{3,}\b`)
)

// documented lists a document's commands (arguments after the program's
// name) and the files it defines (name -> content).
func documented(doc string, inline bool) ([]docCommand, map[string]string) {
	var cmds []docCommand
	files := map[string]string{}
	lines := strings.Split(doc, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		lang, isFence := strings.CutPrefix(l, "```")
		if !isFence {
			if inline {
				// Commands quoted in the text, a span possibly broken over
				// two lines; placeholders (NAME) are not runnable.
				text := l
				if i+1 < len(lines) && strings.Count(l, "`")%2 == 1 {
					text += " " + strings.TrimSpace(lines[i+1])
				}
				for _, m := range inlineCommand.FindAllStringSubmatch(text, -1) {
					// A command named in passing ("`tajikpeace run` writes
					// report.html") is not an instruction to run it.
					if !placeholder.MatchString(m[1]) && len(fields(m[1])) > 1 {
						cmds = append(cmds, docCommand{line: i + 1, args: fields(m[1])})
					}
				}
			}
			continue
		}
		start := i
		var block []string
		for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
			block = append(block, lines[i])
		}
		switch lang {
		case "yaml":
			if name, ok := strings.CutPrefix(strings.TrimSpace(block[0]), "# "); ok && strings.HasSuffix(name, ".yaml") {
				files[name] = dedent(block[1:])
			}
		case "sh", "bash":
			cmds = append(cmds, shellCommands(block, start+2, files)...)
		}
	}
	return cmds, files
}

// shellCommands reads a shell block: here-documents become files, lines
// continued with \ are joined, comments dropped, and only tajikpeace
// commands kept.
func shellCommands(block []string, first int, files map[string]string) []docCommand {
	var cmds []docCommand
	for k := 0; k < len(block); k++ {
		line := strings.TrimSpace(block[k])
		if m := regexp.MustCompile(`^cat > (\S+) <<'(\w+)'$`).FindStringSubmatch(line); m != nil {
			var body []string
			for k++; k < len(block) && strings.TrimSpace(block[k]) != m[2]; k++ {
				body = append(body, block[k])
			}
			files[m[1]] = strings.Join(body, "\n") + "\n"
			continue
		}
		at := first + k
		for strings.HasSuffix(line, "\\") && k+1 < len(block) {
			k++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(block[k])
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		words := fields(line)
		switch {
		case len(words) > 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/tajikpeace":
			cmds = append(cmds, docCommand{line: at, args: words[3:]})
		case len(words) > 1 && words[0] == "tajikpeace":
			cmds = append(cmds, expandSlurm(docCommand{line: at, args: words[1:]})...)
		case len(words) > 3 && words[0] == "parallel":
			// parallel -j N tajikpeace ARGS... ::: V1 V2...: one command a value.
			j := slices.Index(words, ":::")
			p := slices.Index(words, "tajikpeace")
			for _, v := range words[j+1:] {
				var args []string
				for _, w := range words[p+1 : j] {
					args = append(args, strings.ReplaceAll(w, "{}", v))
				}
				cmds = append(cmds, docCommand{line: at, args: args})
			}
		}
	}
	return cmds
}

// expandSlurm runs a job array's command for its first two task ids.
func expandSlurm(c docCommand) []docCommand {
	if !slices.ContainsFunc(c.args, func(a string) bool { return strings.Contains(a, "${SLURM_ARRAY_TASK_ID}") }) {
		return []docCommand{c}
	}
	var out []docCommand
	for _, id := range []string{"0", "1"} {
		d := docCommand{line: c.line}
		for _, a := range c.args {
			d.args = append(d.args, strings.ReplaceAll(a, "${SLURM_ARRAY_TASK_ID}", id))
		}
		out = append(out, d)
	}
	return out
}

// fields splits words as a shell would for these documents: on blanks,
// with single or double quotes around a word kept together; a glob is
// expanded against the working directory when the command runs.
func fields(s string) []string {
	var out []string
	var cur strings.Builder
	quote := rune(0)
	in := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '\'' || r == '"'):
			quote, in = r, true
		case quote == 0 && (r == ' ' || r == '\t'):
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

func dedent(lines []string) string {
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if len(l) >= indent && indent > 0 {
			l = l[indent:]
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// shrink cuts a documented command to test size and expands its globs.
func shrink(args []string) []string {
	capAt := map[string]int{"--seeds": 2, "-n": 4, "--samples": 20, "--particles": 10, "--generations": 2, "--bootstrap": 100}
	var out []string
	calibrate := len(args) > 0 && args[0] == "calibrate"
	generations := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(a, "=")
		if limit, ok := capAt[name]; ok {
			if !hasValue && i+1 < len(args) {
				i++
				value = args[i]
			}
			v, err := strconv.Atoi(value)
			if err == nil && v > limit {
				v = limit
			}
			generations = generations || name == "--generations"
			out = append(out, name, strconv.Itoa(v))
			continue
		}
		if a == "--budget" {
			i++
			continue
		}
		if strings.Contains(a, "*") {
			if m, _ := filepath.Glob(a); len(m) > 0 {
				out = append(out, m...)
				continue
			}
		}
		out = append(out, a)
	}
	// Flags left at their defaults are cut too.
	defaults := map[string][]string{"calibrate": {"--particles", "10", "--seeds", "2", "--samples", "20"}, "compare": {"--bootstrap", "100"}}
	if len(out) > 0 {
		d := defaults[out[0]]
		for k := 0; k+1 < len(d); k += 2 {
			if !slices.Contains(out, d[k]) && (d[k] != "--samples" || slices.Contains(out, "rejection")) && (d[k] != "--particles" || !slices.Contains(out, "rejection")) {
				out = append(out, d[k], d[k+1])
			}
		}
	}
	if calibrate && !generations && !slices.Contains(out, "rejection") {
		out = append(out, "--generations", "2")
	}
	if len(out) > 0 && slices.Contains([]string{"sweep", "calibrate", "sensitivity"}, out[0]) && !slices.Contains(out, "--quiet") {
		out = append(out, "--quiet")
	}
	// SVG draws the same figures several times faster than PNG.
	if len(out) > 0 && slices.Contains([]string{"run", "compare", "sweep", "merge", "calibrate", "sensitivity", "plot"}, out[0]) &&
		!slices.ContainsFunc(out, func(a string) bool { return strings.HasPrefix(a, "--format") }) {
		out = append(out, "--format", "svg")
	}
	return out
}

// savedGame is a game of the role play as the page saves it: the UTO
// played, on run 0 of the endogenous calendar, by the scripted student of
// play_test.go.
func savedGame(t *testing.T) string {
	t.Helper()
	q, err := classroom.ParseQuery("scenario=endogenous&seeds=2")
	if err != nil {
		t.Fatal(err)
	}
	p, err := classroom.Play(q, 0, "uto", scriptedUTO{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p.Game)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
