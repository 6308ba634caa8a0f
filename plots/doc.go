// Package plots draws the figures and the HTML report of a run, an
// ensemble, a comparison, a sweep, a calibration and a sensitivity analysis
// with gonum.org/v1/plot: pure functions from what an output directory
// holds (Input, SweepInput, FitInput, PosteriorInput, ...) to the bytes of
// a figure in PNG, SVG or PDF. Nothing here runs the model: the package
// depends on no part of the engine (a test in the module root checks it),
// so a figure can be redrawn from saved files alone (`tajikpeace plot`).
// Fonts and sizes are fixed, so a figure is the same on every machine to
// within a grey level on a glyph's edge (see the README).
package plots
