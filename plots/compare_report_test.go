package plots

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestCompareReportIsSelfContained: the comparison's page states every
// scenario's question, carries the table and both figures inline, tells
// only the signings and collapses of each run 0, and loads nothing.
func TestCompareReportIsSelfContained(t *testing.T) {
	a, b := synthetic(40), synthetic(40)
	a.Scenario, a.Question = "endogenous", "Without the historical calendar, when is each text signed?"
	b.Scenario, b.Question = "no-taliban", "What if the Taliban had not <taken> Kabul?"
	page, err := CompareReport(&CompareReportInput{
		Arms:  []*Input{a, b},
		Table: [][]string{{"scenario", "shift"}, {"endogenous", "-"}, {"no-taliban", "+532 days"}},
		Notes: []string{"Intervals: bootstrap."},
		Narratives: [][]string{
			{"1994-09-17 Tehran: Temporary ceasefire signed on the UN draft", "1995-01-01 Russia turns towards pressing for peace"},
			{"1996-07-15: the ceasefire collapses: violations pile up"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var rows, svgs int
	var text strings.Builder
	var external []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			text.WriteString(n.Data + "\n")
		case n.Type == html.ElementNode:
			switch n.Data {
			case "tr":
				rows++
			case "svg":
				svgs++
			case "link", "script", "img", "iframe":
				external = append(external, n.Data)
			}
			for _, at := range []string{"src", "href"} {
				if v := attr(n, at); v != "" {
					external = append(external, v)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	body := text.String()
	for _, want := range []string{a.Question, b.Question, "+532 days", "Temporary ceasefire signed", "the ceasefire collapses"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(body, "Russia turns") {
		t.Error("the story of run 0 keeps lines other than signings and collapses")
	}
	if rows != 3 || svgs != 2 || len(external) > 0 {
		t.Errorf("%d table rows (want 3), %d inline figures (want 2), external references %v (want none)", rows, svgs, external)
	}
}
