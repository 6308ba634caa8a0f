// Command pngcmp compares two PNG figures for `make crosscheck`: it exits 0
// if they have the same size and every pixel is the same, or differs by at
// most one level in each channel, in at most -max pixels; it prints what it
// found. Such differences come from glyph outlines, which
// golang.org/x/image/vector flattens with float32 products that arm64,
// ppc64le, s390x and riscv64 fuse into multiply-adds: one grey level at the
// edge of a letter, in a handful of pixels (README, "Reproducibility").
// Anything larger is a real difference and fails.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
)

func main() {
	limit := flag.Int("max", 16, "most pixels that may differ by one level")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: pngcmp [-max N] A.png B.png")
		os.Exit(2)
	}
	a, err := decode(flag.Arg(0))
	if err == nil {
		var b image.Image
		if b, err = decode(flag.Arg(1)); err == nil {
			err = compare(a, b, *limit)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s vs %s: %v\n", flag.Arg(0), flag.Arg(1), err)
		os.Exit(1)
	}
}

func decode(name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

func compare(a, b image.Image, limit int) error {
	if a.Bounds() != b.Bounds() {
		return fmt.Errorf("sizes differ: %v and %v", a.Bounds(), b.Bounds())
	}
	off := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2 {
				continue
			}
			for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
				if diff(d[0]>>8, d[1]>>8) > 1 {
					return fmt.Errorf("pixel (%d, %d) differs by more than one level: %v and %v", x, y, a.At(x, y), b.At(x, y))
				}
			}
			off++
		}
	}
	if off > limit {
		return fmt.Errorf("%d pixels differ by one level, more than %d", off, limit)
	}
	if off > 0 {
		fmt.Printf("%d pixels differ by one level (glyph antialiasing)\n", off)
	}
	return nil
}

func diff(x, y uint32) uint32 {
	if x > y {
		return x - y
	}
	return y - x
}
