//go:build !classroom_wasm

package main

// A build without the tag classroom_wasm carries no compiled model: the
// classroom command compiles it (make dist builds with the tag).
var embeddedModel, embeddedLoader []byte
