package main

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	base := func() *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 8, 8))
		for i := range g.Pix {
			g.Pix[i] = uint8(10 * i)
		}
		return g
	}
	oneOff := base()
	oneOff.SetGray(3, 3, color.Gray{oneOff.GrayAt(3, 3).Y + 1})
	twoOff := base()
	twoOff.SetGray(3, 3, color.Gray{twoOff.GrayAt(3, 3).Y + 2})
	many := base()
	for x := range 8 {
		many.SetGray(x, 0, color.Gray{many.GrayAt(x, 0).Y + 1})
	}
	for _, tc := range []struct {
		name  string
		b     image.Image
		limit int
		want  string // "" for no error
	}{
		{"identical", base(), 16, ""},
		{"one level in one pixel", oneOff, 16, ""},
		{"two levels", twoOff, 16, "more than one level"},
		{"one level in too many pixels", many, 4, "8 pixels differ"},
		{"another size", image.NewGray(image.Rect(0, 0, 8, 9)), 16, "sizes differ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := compare(base(), tc.b, tc.limit)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}
