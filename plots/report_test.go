package plots

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestReportIsSelfContained(t *testing.T) {
	in := synthetic(40)
	narrative := []string{"1994-09-17 Tehran: Temporary ceasefire signed on the UN draft", "1997-06-27 Moscow: General Agreement signed <at last>"}
	page, err := Report(in, narrative)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var rows, svgs, items int
	figures := map[string]bool{}
	var external []string
	var walk func(n *html.Node, inTable, inFigure, inNarrative bool)
	walk = func(n *html.Node, inTable, inFigure, inNarrative bool) {
		if n.Type == html.ElementNode {
			id := attr(n, "id")
			switch {
			case n.Data == "table" && id == "milestone-table":
				inTable = true
			case n.Data == "figure":
				inFigure = true
				figures[strings.TrimPrefix(id, "figure-")] = false
			case n.Data == "ol" && id == "narrative-list":
				inNarrative = true
			case n.Data == "tr" && inTable:
				rows++
			case n.Data == "svg" && inFigure:
				svgs++
			case n.Data == "li" && inNarrative:
				items++
			}
			for _, a := range []string{"src", "href"} {
				if v := attr(n, a); v != "" {
					external = append(external, v)
				}
			}
			if n.Data == "link" || n.Data == "script" {
				external = append(external, n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inTable, inFigure, inNarrative)
		}
	}
	walk(doc, false, false, false)
	if rows != len(in.Milestones)+1 {
		t.Errorf("milestone table has %d rows, want %d and a header", rows, len(in.Milestones))
	}
	for _, f := range []string{"timeline", "progress", "forces", "outcomes"} {
		if _, ok := figures[f]; !ok {
			t.Errorf("figure %s missing from the report", f)
		}
	}
	if svgs != 4 {
		t.Errorf("%d inline SVG figures, want 4", svgs)
	}
	if items != len(narrative) {
		t.Errorf("narrative has %d entries, want %d", items, len(narrative))
	}
	if len(external) > 0 {
		t.Errorf("the report refers to outside resources: %v", external)
	}
	if !bytes.Contains(page, []byte("&lt;at last&gt;")) {
		t.Error("narrative text is not escaped")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// A counterfactual's report states its question first; a scenario that asks
// none gets no empty paragraph.
func TestReportStatesTheQuestion(t *testing.T) {
	in := synthetic(5)
	in.Question = "What if the Taliban had not advanced?"
	page, err := Report(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`<p class="question" id="question">What if the Taliban had not advanced?</p>`)) {
		t.Error("the report does not state the scenario's question")
	}
	in.Question = ""
	if page, err = Report(in, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte(`id="question"`)) {
		t.Error("a scenario without a question got a question paragraph")
	}
	if !bytes.Contains(page, []byte(`name="viewport"`)) || !bytes.Contains(page, []byte(`<div class="scroll"><table`)) {
		t.Error("the report is not laid out for a phone (viewport, scrolling table)")
	}
}
