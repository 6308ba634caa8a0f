package plots

import (
	"bytes"
	"html/template"
	"strings"
)

// CompareReportInput is what a comparison's report shows: the arms (the
// first is the reference), the comparison table as the command prints it
// (header first), what its intervals are, and each arm's story of one run:
// Narratives[i] is the log of run Typical[i] of arm i.
type CompareReportInput struct {
	Arms       []*Input
	Table      [][]string
	Notes      []string
	Narratives [][]string
	Typical    []int
}

// CompareReport writes one self-contained HTML page for a class: each
// scenario's question, the comparison table, the two comparison figures
// inline as SVG, and for each scenario the texts signed (and the ceasefire's
// collapses) in a typical run. No network, no other file.
func CompareReport(in *CompareReportInput) ([]byte, error) {
	progress, err := CompareProgress(in.Arms, "svg")
	if err != nil {
		return nil, err
	}
	outcomes, err := CompareOutcomes(in.Arms, "svg")
	if err != nil {
		return nil, err
	}
	type arm struct {
		Name, Question, Seeds string
		Run                   int
		Story                 []string
	}
	var arms []arm
	for i, a := range in.Arms {
		ar := arm{Name: a.Scenario, Question: a.Question, Seeds: seedsText(a)}
		if i < len(in.Narratives) {
			ar.Story = keyEvents(in.Narratives[i])
		}
		if i < len(in.Typical) {
			ar.Run = in.Typical[i]
		}
		arms = append(arms, ar)
	}
	var header []string
	var rows [][]string
	if len(in.Table) > 0 {
		header, rows = in.Table[0], in.Table[1:]
	}
	data := struct {
		Arms     []arm
		Header   []string
		Rows     [][]string
		Notes    []string
		Progress template.HTML
		Outcomes template.HTML
	}{arms, header, rows, in.Notes,
		// The SVGs come from our own renderer, not from user input.
		template.HTML(stripXMLHeader(progress)), template.HTML(stripXMLHeader(outcomes))}
	var buf bytes.Buffer
	if err := compareTemplate.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// keyEvents keeps the lines of a run's story a class follows: the texts
// signed and the ceasefire's collapses.
func keyEvents(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.Contains(l, " signed ") || strings.Contains(l, "ceasefire collapses") {
			out = append(out, l)
		}
	}
	return out
}

var compareTemplate = template.Must(template.New("compare").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tajikpeace: {{range $i, $a := .Arms}}{{if $i}} vs {{end}}{{$a.Name}}{{end}}</title>
<style>
` + reportStyle + `</style>
</head>
<body>
<h1>The inter-Tajik talks: {{range $i, $a := .Arms}}{{if $i}} against {{end}}<em>{{$a.Name}}</em>{{end}}</h1>
<p>Each scenario below was run as an ensemble and set beside the first,
<em>{{(index .Arms 0).Name}}</em>. Agreements, dates and terms come out of the agents;
history is set beside them for comparison only.</p>

<h2 id="questions">The questions</h2>
<dl id="question-list">
{{range .Arms}}<dt><strong>{{.Name}}</strong> ({{.Seeds}})</dt>
<dd><p class="question">{{if .Question}}{{.Question}}{{else}}(this scenario states no question){{end}}</p></dd>
{{end}}</dl>

<h2 id="table">The answer, scenario by scenario</h2>
<div class="scroll"><table id="comparison">
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
{{range .Notes}}<p>{{.}}</p>
{{end}}
<h2 id="figures">Figures</h2>
<figure id="figure-compare-progress">
{{.Progress}}
</figure>
<figure id="figure-compare-outcomes">
{{.Outcomes}}
</figure>

<h2 id="narratives">A typical run of each: the texts it signed</h2>
<p>For each scenario, the run whose General Agreement came nearest the
scenario's median date (for a saved output directory, its run 0): one
story among many, the table and figures above say how the runs spread.
Without <code>--posterior</code>, <code>tajikpeace run SCENARIO --seed SEED --run N</code> replays it.</p>
{{range .Arms}}<h3>{{.Name}}: run {{.Run}}</h3>
<ol class="narrative">
{{range .Story}}<li>{{.}}</li>
{{else}}<li>(no text signed within the span)</li>
{{end}}</ol>
{{end}}</body>
</html>
`))
