package pdf

import (
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
)

// TestBarLabelKeepsSmallMark: a long name is shortened to fit, and a small group's
// mark is kept at its end.
func TestBarLabelKeepsSmallMark(t *testing.T) {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(font, "", goregular.TTF)
	p.SetFont(font, "", 8)
	const w = 40
	long := "Brunnsgårdens vård- och omsorgsboende AB"
	for _, tc := range []struct {
		label, wantPrefix, wantSuffix string
	}{
		{"Kort *", "Kort *", ""},
		{long + smallMark, "Brunnsgårdens", "…" + smallMark},
		{long, "Brunnsgårdens", "…"},
	} {
		got := barLabel(p, tc.label, w)
		if p.GetStringWidth(got) > w || !strings.HasPrefix(got, tc.wantPrefix) || !strings.HasSuffix(got, tc.wantSuffix) {
			t.Errorf("barLabel(%q) = %q (%.1f mm); want %q…%q within %d mm", tc.label, got, p.GetStringWidth(got), tc.wantPrefix, tc.wantSuffix, w)
		}
	}
}
