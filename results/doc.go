// Package results is the output directory as a format: how a command's
// results reach the disk and come back.
//
// A command fills a hidden sibling of its output directory and Publish
// renames it into place only when every file is written, so a directory is
// there whole or not at all (Manifest.Complete says so too). The files of
// one ensemble — scenario.yaml, summary.json, runs.csv, steps.csv,
// events.log and manifest.json — are written by WriteRun from the model's
// results; long commands keep their finished work in a Checkpoint beside the
// directory, so that the same command run again carries on. The CSV and JSON
// helpers write numbers so that they read back to the same value, or to six
// significant digits where a table is for reading.
//
// Data flows: sim.Result values (or a study's rows) → the writers here →
// files; the command reads them back for figures and comparisons.
package results
