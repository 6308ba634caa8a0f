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
	fourOff := base()
	fourOff.SetGray(3, 3, color.Gray{fourOff.GrayAt(3, 3).Y + 4})
	changed := base()
	changed.SetGray(3, 3, color.Gray{changed.GrayAt(3, 3).Y + 40}) // content, not antialiasing
	many := base()
	for x := range 8 {
		many.SetGray(x, 0, color.Gray{many.GrayAt(x, 0).Y + 1})
	}
	for _, tc := range []struct {
		name  string
		b     image.Image
		share float64
		want  string // "" for no error
	}{
		{"identical", base(), 0.1, ""},
		{"one level in one pixel", oneOff, 0.1, ""},
		{"four levels in one pixel", fourOff, 0.1, ""},
		{"a changed pixel", changed, 0.1, "differs by 40 levels"},
		{"one level in too many pixels", many, 0.1, "8 pixels differ, more than 6"},
		{"another size", image.NewGray(image.Rect(0, 0, 8, 9)), 0.1, "sizes differ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := compare(base(), tc.b, 8, tc.share)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}
