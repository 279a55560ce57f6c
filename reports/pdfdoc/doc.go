// Package pdfdoc holds the fpdf document helpers the IVO and trend reports share: the
// embedded Go fonts, the metadata, the running header and footer, headings, body
// text, notes and tables whose header repeats on every page.
package pdfdoc

import (
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Font is the family name the embedded Go fonts are registered under, in the
// styles "", "B" and "I".
const Font = "go"

// Page is the page format of A4 in millimetres: the orientation fpdf takes ("P" or
// "L"), the page size and the margins.
type Page struct {
	Orientation              string
	W, H                     float64
	Left, Right, Top, Bottom float64
}

// ContentW is the width between the page's margins.
func (g Page) ContentW() float64 { return g.W - g.Left - g.Right }

// Meta is what the document says about itself: its metadata and the texts of the
// running header and footer.
type Meta struct {
	Title       string    // the document title, also left in the header
	Subject     string    // the document subject
	Lang        string    // "en" for English; anything else is Swedish
	Generated   time.Time // the creation and modification dates
	HeaderRight string    // right in the header
	PageOf      string    // the format of "page 1 of 9": %d the page, %s the count
	FooterRight string    // right in the footer
}

// Doc is a PDF being written: the fpdf document, its page format and its texts.
type Doc struct {
	P    *fpdf.Fpdf
	Page Page
	Meta Meta
}

// New starts a document: it embeds the fonts, sets the metadata (dated m.Generated,
// so the same report gives the same bytes) and installs the header, left off the
// title page, and the footer.
func New(g Page, m Meta) *Doc {
	d := &Doc{P: fpdf.New(g.Orientation, "mm", "A4", ""), Page: g, Meta: m}
	p := d.P
	p.SetCatalogSort(true)
	p.SetCreationDate(m.Generated.UTC())
	p.SetModificationDate(m.Generated.UTC())
	p.AddUTF8FontFromBytes(Font, "", goregular.TTF)
	p.AddUTF8FontFromBytes(Font, "B", gobold.TTF)
	p.AddUTF8FontFromBytes(Font, "I", goitalic.TTF)
	p.SetTitle(m.Title, true)
	p.SetSubject(m.Subject, true)
	p.SetCreator("rutinkoll", true)
	p.SetProducer("rutinkoll", true)
	if m.Lang == "en" {
		p.SetLang("en-GB")
	} else {
		p.SetLang("sv-SE")
	}
	p.SetMargins(g.Left, g.Top, g.Right)
	p.SetAutoPageBreak(true, g.Bottom)
	p.AliasNbPages("{nb}")
	p.SetHeaderFuncMode(d.header, true)
	p.SetFooterFunc(d.footer)
	return d
}

func (d *Doc) header() {
	p, g := d.P, d.Page
	if p.PageNo() == 1 {
		return // the title page has its own
	}
	p.SetFont(Font, "", 8)
	p.SetTextColor(90, 90, 90)
	p.SetXY(g.Left, 8)
	p.CellFormat(g.ContentW()*0.6, 5, d.Meta.Title, "", 0, "L", false, 0, "")
	p.CellFormat(g.ContentW()*0.4, 5, d.Meta.HeaderRight, "", 0, "R", false, 0, "")
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(g.Left, 14, g.W-g.Right, 14)
	p.SetTextColor(0, 0, 0)
	p.SetXY(g.Left, g.Top)
}

func (d *Doc) footer() {
	p, g := d.P, d.Page
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(g.Left, g.H-12, g.W-g.Right, g.H-12)
	p.SetXY(g.Left, g.H-11)
	p.SetFont(Font, "", 8)
	p.SetTextColor(90, 90, 90)
	// The page count is an alias replaced at the end: left-align, since the cell's
	// width is measured before the number is known.
	p.CellFormat(g.ContentW()/2, 5, fmt.Sprintf(d.Meta.PageOf, p.PageNo(), "{nb}"), "", 0, "L", false, 0, "")
	p.CellFormat(g.ContentW()/2, 5, d.Meta.FooterRight, "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}
