package tajikpeace

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed docs/model.md
var modelDoc string

// Calibratable is a row of the table of calibratable parameters in
// docs/model.md (section 10): the single source of default ranges.
type Calibratable struct {
	Path, Meaning, Source string
	Baseline, Min, Max    float64
}

// CalibratableParameters parses the table.
func CalibratableParameters() ([]Calibratable, error) {
	i := strings.Index(modelDoc, "## 10. Calibratable parameters")
	if i < 0 {
		return nil, fmt.Errorf("docs/model.md: no section '10. Calibratable parameters'")
	}
	section := modelDoc[i:]
	// The section ends where the next one begins; later tables are not this one.
	if j := strings.Index(section[1:], "\n## "); j >= 0 {
		section = section[:j+1]
	}
	var out []Calibratable
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 6 {
			return nil, fmt.Errorf("docs/model.md: calibratable parameters: row %q has %d cells, want 6", line, len(cells))
		}
		var nums [3]float64
		for k := range nums {
			v, err := strconv.ParseFloat(strings.TrimSpace(cells[3+k]), 64)
			if err != nil {
				return nil, fmt.Errorf("docs/model.md: calibratable parameters: row %q: %w", line, err)
			}
			nums[k] = v
		}
		out = append(out, Calibratable{Path: strings.Trim(strings.TrimSpace(cells[0]), "`"),
			Meaning: strings.TrimSpace(cells[1]), Source: strings.TrimSpace(cells[2]),
			Baseline: nums[0], Min: nums[1], Max: nums[2]})
	}
	return out, nil
}
