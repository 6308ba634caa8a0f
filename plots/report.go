package plots

import (
	"bytes"
	"fmt"
	"html/template"
	"time"
)

// Report writes one self-contained HTML page for a class: the milestone table,
// every figure inline as SVG (no network, no other file), and the narrative
// of run 0. narrative holds the lines of events.log.
func Report(in *Input, narrative []string) ([]byte, error) {
	figs, err := All(in, "svg")
	if err != nil {
		return nil, err
	}
	type row struct {
		Name, Historical, Median, Range, Reached, Error string
	}
	var rows []row
	for _, m := range in.Milestones {
		r := row{Name: m.Name, Historical: dateOr(m.Historical), Median: dateOr(m.Median),
			Reached: fmt.Sprintf("%.0f%%", 100*m.Reached)}
		if in.Runs > 1 && !m.Q10.IsZero() {
			r.Range = dateOr(m.Q10) + " to " + dateOr(m.Q90)
		}
		if !m.Historical.IsZero() && !m.Median.IsZero() {
			r.Error = fmt.Sprintf("%+.0f", m.Median.Sub(m.Historical).Hours()/24)
		}
		rows = append(rows, r)
	}
	type figure struct {
		Name string
		SVG  template.HTML
	}
	var fs []figure
	for _, f := range figs {
		// The SVG comes from our own renderer, not from user input.
		fs = append(fs, figure{Name: f.Name, SVG: template.HTML(stripXMLHeader(f.Bytes))})
	}
	data := struct {
		Title     string
		Question  string
		Seeds     string
		Ensemble  bool
		Rows      []row
		Figures   []figure
		Narrative []string
	}{
		Title: in.Scenario, Question: in.Question, Seeds: seedsText(in), Ensemble: in.Runs > 1,
		Rows: rows, Figures: fs, Narrative: narrative,
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func dateOr(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2 Jan 2006")
}

// stripXMLHeader drops the <?xml ...?> line so the SVG can sit inside HTML.
func stripXMLHeader(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		return svg[i:]
	}
	return svg
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tajikpeace: {{.Title}}</title>
<style>
` + reportStyle + `</style>
</head>
<body>
<h1>The inter-Tajik talks: scenario <em>{{.Title}}</em></h1>
{{if .Question}}<p class="question" id="question">{{.Question}}</p>
{{end}}<p>Made with {{.Seeds}}. Agreements, dates and terms come out of the agents; the
historical dates are set beside them for comparison only. Each run plays
the whole period with its own chance events, all drawn from one number, the
master seed, so the same seed gives the same runs on any computer; run 0 is
the first of them, whose story is told at the end.</p>

<h2 id="milestones">Milestones</h2>
<div class="scroll"><table id="milestone-table">
<thead><tr><th>Milestone</th><th>Historical</th><th>{{if .Ensemble}}Simulated (median){{else}}Simulated{{end}}</th>{{if .Ensemble}}<th>10-90% of runs</th><th>Reached</th>{{end}}<th>Error (days)</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Name}}</td><td>{{.Historical}}</td><td>{{.Median}}</td>{{if $.Ensemble}}<td>{{.Range}}</td><td class="num">{{.Reached}}</td>{{end}}<td class="num">{{.Error}}</td></tr>
{{end}}</tbody>
</table></div>

<h2 id="figures">Figures</h2>
{{range .Figures}}<figure id="figure-{{.Name}}">
{{.SVG}}
</figure>
{{end}}
<h2 id="narrative">What happened in run 0</h2>
<ol class="narrative" id="narrative-list">
{{range .Narrative}}<li>{{.}}</li>
{{end}}</ol>
</body>
</html>
`))

// reportStyle is the style sheet of every report page, for a projector and
// a phone alike.
const reportStyle = `body { font-family: "Liberation Sans", Arial, sans-serif; max-width: 1320px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.8em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 1.05em; }
th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #ddd; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.5em 0; } svg { max-width: 100%; height: auto; }
.scroll { overflow-x: auto; } p.question { font-size: 1.3em; }
ol.narrative { font-family: "Liberation Mono", monospace; font-size: 0.95em; }
`
