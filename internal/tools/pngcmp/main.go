// Command pngcmp compares two PNG figures for `make crosscheck`: it exits 0
// if they have the same size and every pixel is the same or differs by at
// most -levels levels in each channel, in at most -share of the pixels; it
// prints what it found. Such differences are antialiasing: the edges of
// glyphs and of filled shapes, whose coverage golang.org/x/image/vector
// computes with float32 products that arm64, ppc64le, s390x, riscv64 (and
// amd64 with FMA) fuse into multiply-adds, a few grey levels along an edge
// (README, "Reproducibility"). A change of content or layout moves pixels
// by far more than that and fails.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
)

func main() {
	levels := flag.Int("levels", 8, "most levels a pixel's channel may differ by")
	share := flag.Float64("share", 0.005, "largest share of the pixels that may differ")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: pngcmp [-levels N] [-share X] A.png B.png")
		os.Exit(2)
	}
	a, err := decode(flag.Arg(0))
	if err == nil {
		var b image.Image
		if b, err = decode(flag.Arg(1)); err == nil {
			err = compare(a, b, uint32(*levels), *share)
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

func compare(a, b image.Image, levels uint32, share float64) error {
	if a.Bounds() != b.Bounds() {
		return fmt.Errorf("sizes differ: %v and %v", a.Bounds(), b.Bounds())
	}
	off, most := 0, uint32(0)
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2 {
				continue
			}
			for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
				dd := diff(d[0]>>8, d[1]>>8)
				if dd > levels {
					return fmt.Errorf("pixel (%d, %d) differs by %d levels, more than %d: %v and %v", x, y, dd, levels, a.At(x, y), b.At(x, y))
				}
				most = max(most, dd)
			}
			off++
		}
	}
	if limit := int(share * float64(a.Bounds().Dx()*a.Bounds().Dy())); off > limit {
		return fmt.Errorf("%d pixels differ, more than %d (%.1f%% of the image)", off, limit, 100*share)
	}
	if off > 0 {
		fmt.Printf("%d pixels differ by at most %d levels (antialiasing)\n", off, most)
	}
	return nil
}

func diff(x, y uint32) uint32 {
	if x > y {
		return x - y
	}
	return y - x
}
