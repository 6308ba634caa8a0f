//go:build race

package racetest

// Enabled is true when the binary is built with -race.
const Enabled = true
