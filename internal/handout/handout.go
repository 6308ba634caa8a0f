// Package handout cuts the teaching guide (docs/teaching.md) into what a
// student gets: one printable page a lesson - the question, the figures
// with their captions, what to look for, the discussion questions and what
// the model cannot say - without the lecturer's parts (the command, what the
// model shows, the answer key); and the timeline of what happened. Each
// page is Markdown, and HTML to print from any browser (HTML).
package handout

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Build returns the handouts, file name to Markdown, for the guide's text
// and each lesson's comparison table (by lesson number: the compare.md
// that make lessons copies to docs/figures/lessonN-table.md).
func Build(guide string, tables map[string]string) (map[string]string, error) {
	out := map[string]string{}
	sections := splitSections(guide)
	lessons := 0
	for _, s := range sections {
		switch {
		case lessonTitle.MatchString(s.title):
			n := lessonTitle.FindStringSubmatch(s.title)[1]
			page, err := lesson(s, tables[n])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.title, err)
			}
			out["lesson"+n+".md"] = page
			lessons++
		case strings.HasPrefix(s.title, "What happened"):
			out["timeline.md"] = "# " + s.title + "\n\n" + note + strings.TrimSpace(s.body) + "\n"
		}
	}
	if lessons == 0 || out["timeline.md"] == "" {
		return nil, fmt.Errorf("the guide has %d lessons and no timeline section: its headings changed", lessons)
	}
	return out, nil
}

var lessonTitle = regexp.MustCompile(`^Lesson (\d+) — `)

const note = "*A handout from the tajikpeace teaching guide (docs/teaching.md). Sources are cited by number (000–004): the guide's \"References\" says where to find them.*\n\n"

type section struct{ title, body string }

func splitSections(guide string) []section {
	var out []section
	for _, part := range strings.Split("\n"+guide, "\n## ")[1:] {
		title, body, _ := strings.Cut(part, "\n")
		out = append(out, section{strings.TrimSpace(title), body})
	}
	return out
}

// The lecturer's parts are left out; the others are kept in this order.
var (
	keep  = []string{"Question.", "What to look for.", "Discussion.", "Limits to name"}
	names = map[string]string{"Limits to name": "What the model cannot say"}
)

// captions say what each kind of figure shows.
var captions = map[string]string{
	"progress": "The share of the dated texts signed over time: each scenario beside the first (the reference) and history (dashed); the bands hold the middle 50% and 90% of the runs.",
	"outcomes": "Top: the share of runs with the General Agreement signed by each date (history: the dashed line). Bottom: the UTO's agreed share of government posts in each scenario (history: 30%).",
}

var boldLead = regexp.MustCompile(`(?m)^\*\*([^*]+)\*\*`)

var figure = regexp.MustCompile(`!\[([^\]]*)\]\(figures/(lesson\d+-(\w+)\.png)\)`)

func lesson(s section, table string) (string, error) {
	parts := paragraphsByHeading(s.body)
	var b strings.Builder
	b.WriteString("# " + s.title + "\n\n" + note)
	write := func(head string) error {
		text, ok := parts[head]
		if !ok {
			return fmt.Errorf("no %q paragraph", head)
		}
		name := strings.TrimSuffix(head, ".")
		if n, ok := names[name]; ok {
			name = n
		}
		b.WriteString("**" + name + ".**" + text + "\n\n")
		return nil
	}
	if err := write("Question."); err != nil {
		return "", err
	}
	figs := figure.FindAllStringSubmatch(s.body, -1)
	if len(figs) == 0 {
		return "", fmt.Errorf("no figure")
	}
	for i, f := range figs {
		fmt.Fprintf(&b, "![%s](../figures/%s)\n\n*Figure %d. %s*\n\n", f[1], f[2], i+1, captions[f[3]])
	}
	if table != "" {
		b.WriteString("**The numbers** (1,000 runs a scenario, each under a parameter set drawn from the posterior; \"GA\" is the General Agreement, a shift is in days against the first row).\n\n" + strings.TrimSpace(table) + "\n\n")
	}
	for _, head := range keep[1:] {
		if err := write(head); err != nil {
			return "", err
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}

// paragraphsByHeading maps each bold lead ("**Question.**") to the text
// after it, up to the next bold lead at the start of a line or the end.
func paragraphsByHeading(body string) map[string]string {
	out := map[string]string{}
	idx := boldLead.FindAllStringSubmatchIndex(body, -1)
	for i, m := range idx {
		end := len(body)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		head := strings.TrimSpace(body[m[2]:m[3]])
		// "Limits to name — the model overstates here." keeps its gloss.
		text := body[m[1]:end]
		for _, k := range keep {
			if strings.HasPrefix(head, strings.TrimSuffix(k, ".")) && head != k {
				text = " (" + strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(strings.TrimPrefix(head, k), "."), " — ")) + ")" + text
				head = k
			}
		}
		out[head] = strings.TrimRight(text, "\n ")
	}
	return out
}

// HTML renders a handout's Markdown as a page to print: A4, the figures
// (linked from docs/figures, beside docs/handouts) a page wide.
func HTML(markdown string) ([]byte, error) {
	var body bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(markdown), &body); err != nil {
		return nil, err
	}
	title := strings.TrimPrefix(strings.SplitN(markdown, "\n", 2)[0], "# ")
	var page bytes.Buffer
	fmt.Fprintf(&page, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<style>
@page { size: A4; margin: 15mm; }
body { font-family: "Liberation Serif", Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; line-height: 1.4; }
h1 { font-family: "Liberation Sans", Arial, sans-serif; font-size: 1.6em; }
img { width: 100%%; height: auto; }
table { border-collapse: collapse; font-size: 0.8em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.4em; text-align: left; }
p > img { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
%s</body>
</html>
`, html.EscapeString(title), body.String())
	return page.Bytes(), nil
}
