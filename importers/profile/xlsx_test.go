package profile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/xlsxread"
)

// writeWorkbook builds a workbook: sheets in order, each with rows of cell values
// (string, time.Time for a date cell, or nil for no cell).
func writeWorkbook(t testing.TB, sheets []string, rows map[string][][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows[name] {
			for c, v := range row {
				if v == nil || v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// genericWideWorkbook turns the generic-wide CSV sample into a workbook: most dates
// become Excel date cells, the columns Beställning mottagen and Avslutad stay text, and
// a date that does not exist (2026-02-31) stays text as Excel would keep it.
func genericWideWorkbook(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(exportsDir, "generic-wide.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
			h := recs[0][j]
			if i == 0 || h == "Beställning mottagen" || h == "Avslutad" {
				continue
			}
			if d, err := time.Parse("2006-01-02", v); err == nil {
				row[j] = d
			}
		}
		rows = append(rows, row)
	}
	return writeWorkbook(t, []string{"Ärenden"}, map[string][][]any{"Ärenden": rows})
}

// The committed sample workbook is the one genericWideWorkbook writes (-update rewrites
// it); imported, it gives the same cases and figures as the CSV sample.
func TestXLSXSampleMatchesCSV(t *testing.T) {
	path := filepath.Join(exportsDir, "generic-wide.xlsx")
	if *update {
		if err := os.WriteFile(path, genericWideWorkbook(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := Lookup("generic-wide")
	vocab := audit.NewVocabulary()
	fromX := mustRun(t, p, FileInput(path))
	fromC := mustRun(t, p, FileInput(filepath.Join(exportsDir, "generic-wide.csv")))
	if f := fromX.Files[0]; f.Format != FormatXLSX || f.Sheet != "Ärenden" {
		t.Errorf("file info %+v", f)
	}
	stX, stC := stats(t, fromX), stats(t, fromC)
	stX.File, stC.File = "", ""
	if stX != stC {
		t.Errorf("xlsx stats %+v, csv %+v", stX, stC)
	}
	var bx, bc strings.Builder
	if err := WriteEvents(&bx, fromX.Dataset, vocab); err != nil {
		t.Fatal(err)
	}
	if err := WriteEvents(&bc, fromC.Dataset, vocab); err != nil {
		t.Fatal(err)
	}
	if x, c := maskProtected(bx.String()), maskProtected(bc.String()); x != c {
		t.Errorf("xlsx and csv differ:\n%s", diffLines(c, x))
	}
	if len(fromX.Rejected) != len(fromC.Rejected) {
		t.Fatalf("rejections %d vs %d", len(fromX.Rejected), len(fromC.Rejected))
	}
	for i := range fromX.Rejected {
		x, c := fromX.Rejected[i], fromC.Rejected[i]
		if x.Line != c.Line || x.Column != c.Column || x.Value != c.Value || x.Reason != c.Reason {
			t.Errorf("rejection %d: xlsx %+v, csv %+v", i, x, c)
		}
	}
}

func TestXLSXDatesAndSheets(t *testing.T) {
	header := []any{"Ärende", "Personnummer", "Insats", "Händelse", "Datum"}
	data := writeWorkbook(t, []string{"Info", "Ärenden"}, map[string][][]any{
		"Info": {{"Exporterad", "2026-03-01"}},
		"Ärenden": {
			header,
			{"X-1", "19121212-1212", "Hemtjänst", "Beslut", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}, // date cell
			{"X-1", "19121212-1212", "Hemtjänst", "Påbörjad", "2026-01-09"},                              // text date
			{},
			{"X-2", "19121212-1246", "Hemtjänst", "Beslut", 46032.5}, // a number with a time of day
			{"X-2", "19121212-1246", "Hemtjänst", "Påbörjad", "12/1/2026"},
		},
	})
	for _, sheet := range []string{"Ärenden", "ärenden", "2"} {
		t.Run("sheet "+sheet, func(t *testing.T) {
			res := mustRun(t, xlsxProfile(t, sheet), BytesInput("book.xlsx", data))
			vocab := audit.NewVocabulary()
			if got := eventList(vocab, caseByID(t, res.Dataset, "X-1")); got != "beslut@2026-01-05 insats_paborjad@2026-01-09" {
				t.Errorf("X-1: %s", got)
			}
			if got := eventList(vocab, caseByID(t, res.Dataset, "X-2")); got != "beslut@2026-01-10 insats_paborjad@2026-01-12" {
				t.Errorf("X-2: %s", got)
			}
			if f := res.Files[0]; f.Sheet != "Ärenden" || f.BlankRows != 1 {
				t.Errorf("file info %+v", f)
			}
		})
	}
	t.Run("wrong sheet by index", func(t *testing.T) {
		_, err := run(t, xlsxProfile(t, "1"), BytesInput("book.xlsx", data))
		var me *MismatchError
		if !errors.As(err, &me) {
			t.Fatalf("got %v, want a MismatchError (sheet Info has other headers)", err)
		}
	})
	t.Run("no such sheet", func(t *testing.T) {
		_, err := run(t, xlsxProfile(t, "Beslut"), BytesInput("book.xlsx", data))
		if !errors.Is(err, xlsxread.ErrNoSheet) || !strings.Contains(err.Error(), `the sheets are "Info", "Ärenden"`) {
			t.Fatalf("got %v", err)
		}
	})
}

// xlsxProfile is the long test profile reading sheet of a workbook.
func xlsxProfile(t testing.TB, sheet string) *Profile {
	t.Helper()
	y := strings.Replace(longProfile, "format: csv", "format: xlsx\nsheet: \""+sheet+"\"", 1)
	y = strings.Replace(y, `date_formats: ["2006-01-02"]`, `date_formats: ["2006-01-02", "2/1/2006"]`, 1)
	return mustParse(t, y)
}

func TestXLSXRefused(t *testing.T) {
	book := writeWorkbook(t, []string{"Data"}, map[string][][]any{"Data": {{"Ärende"}}})
	xlsx := strings.Replace(longProfile, "format: csv", "format: xlsx", 1)
	for _, tt := range []struct {
		name string
		in   Input
		opt  Options
		want error
		msg  string
	}{
		{"over the size limit", BytesInput("big.xlsx", book), Options{MaxXLSXBytes: 1000}, xlsxread.ErrTooLarge, "big.xlsx: the Excel file is too large"},
		{"over the size limit, size unknown", Input{Name: "big.xlsx", Size: -1, Open: BytesInput("", book).Open}, Options{MaxXLSXBytes: 1000}, xlsxread.ErrTooLarge, "more than"},
		{"unpacks too large", BytesInput("bomb.xlsx", book), Options{MaxUnzipBytes: 2000}, xlsxread.ErrTooLarge, "unpacks to more than"},
		{"not a zip", BytesInput("export.xlsx", []byte(sampleLong)), Options{}, xlsxread.ErrNotXLSX, "export.xlsx: not an Excel .xlsx file"},
		{"damaged zip", BytesInput("broken.xlsx", append([]byte("PK\x03\x04"), make([]byte, 64)...)), Options{}, xlsxread.ErrNotXLSX, "damaged"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opt := testOptions(t)
			opt.MaxXLSXBytes, opt.MaxUnzipBytes = tt.opt.MaxXLSXBytes, tt.opt.MaxUnzipBytes
			_, err := Import(t.Context(), []Input{tt.in}, mustParse(t, xlsx), audit.NewVocabulary(), opt)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}
