package trend

import "github.com/rutinkoll/rutinkoll/reports/pdfdoc"

// pdoc is a trend report being written as PDF.
type pdoc struct {
	*pdfdoc.Doc
	v *view
	l labels
}

// Page geometry in millimetres: A4 portrait, with equal left and right margins.
const (
	pageW    = 210.0
	marginL  = 18.0
	contentW = pageW - 2*marginL
	font     = pdfdoc.Font
)

// page is the page format for pdfdoc.
var page = pdfdoc.Page{Orientation: "P", W: pageW, H: 297, Left: marginL, Right: marginL, Top: 22, Bottom: 18}

func newPDoc(r *Report) *pdoc {
	v, l := newView(r), labelsFor(r.Lang)
	right := v.span()
	if r.Municipality != "" {
		right = r.Municipality + " · " + right
	}
	m := pdfdoc.Meta{
		Title:       v.title(),
		Subject:     r.Municipality,
		Lang:        r.Lang,
		Generated:   r.GeneratedAt,
		HeaderRight: right,
		PageOf:      l.get("page_of"),
		FooterRight: l.get("generated") + " " + v.generated(),
	}
	return &pdoc{Doc: pdfdoc.New(page, m), v: v, l: l}
}
