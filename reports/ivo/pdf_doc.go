package ivo

import (
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/reports/pdfdoc"
)

// pdoc is the IVO report being written as PDF.
type pdoc struct {
	*pdfdoc.Doc
	v *view
	l labels
}

// Page geometry in millimetres: A4 landscape, for the wide lists, with equal left
// and right margins.
const (
	pageW    = 297.0
	marginL  = 15.0
	contentW = pageW - 2*marginL
	font     = pdfdoc.Font
)

// page is the page format for pdfdoc.
var page = pdfdoc.Page{Orientation: "L", W: pageW, H: 210, Left: marginL, Right: marginL, Top: 20, Bottom: 16}

func newPDoc(r *Report) *pdoc {
	v, l := newView(r), labelsFor(r.Lang)
	right := strings.TrimSpace(r.Municipality + " · " + r.Namnd)
	right = strings.Trim(right, "· ")
	m := pdfdoc.Meta{
		Title:       l.get("title") + " " + r.Quarter.String(),
		Subject:     r.Municipality,
		Lang:        r.Lang,
		Generated:   r.GeneratedAt,
		HeaderRight: right,
		PageOf:      l.get("page_of"),
		FooterRight: l.get("generated") + " " + v.generated(),
	}
	return &pdoc{Doc: pdfdoc.New(page, m), v: v, l: l}
}

// num formats an integer for the report's language.
func (d *pdoc) num(n int) string {
	s := fmt.Sprint(n)
	if len(s) <= 3 {
		return s
	}
	sep := " "
	if d.v.r.Lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
