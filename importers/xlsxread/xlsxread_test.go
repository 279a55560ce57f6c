package xlsxread

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook builds a workbook: sheet name → rows of cell values (nil skips a cell).
func workbook(t testing.TB, sheets []string, rows map[string][][]any) []byte {
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
				if v == nil {
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

func TestRowsAndSerialDates(t *testing.T) {
	day := time.Date(2026, time.February, 3, 0, 0, 0, 0, time.UTC)
	data := workbook(t, []string{"Info", "Data"}, map[string][][]any{
		"Info": {{"Exporterad", "2026-03-01"}},
		"Data": {{"Ärende", "Datum"}, {"A-1", day}, {}, {"A-2", "2026-02-04"}},
	})
	f, err := Open(bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.Sheets(), ","); got != "Info,Data" {
		t.Fatalf("sheets %s", got)
	}
	for _, tt := range []struct {
		name  string
		index int
		want  string
		err   string
	}{
		{"", 0, "Info", ""},
		{"", 2, "Data", ""},
		{"data", 0, "Data", ""},
		{" DATA ", 0, "Data", ""},
		{"", 3, "", `no sheet number 3; the workbook has 2 sheet(s): "Info", "Data"`},
		{"Ärenden", 0, "", `no sheet named "Ärenden"; the sheets are "Info", "Data"`},
	} {
		got, err := f.Sheet(tt.name, tt.index)
		if tt.err != "" {
			if !errors.Is(err, ErrNoSheet) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Sheet(%q, %d): error %v, want %q", tt.name, tt.index, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Sheet(%q, %d) = %q, %v; want %q", tt.name, tt.index, got, err, tt.want)
		}
	}
	rows, err := f.Rows("Data")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		got = append(got, fmt.Sprintf("%d:%s", rows.Row(), strings.Join(rows.Values(), "|")))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := "1:Ärende|Datum 2:A-1|46056 3: 4:A-2|2026-02-04"
	if strings.Join(got, " ") != want {
		t.Fatalf("rows %q, want %q", strings.Join(got, " "), want)
	}
	y, m, d, ok := SerialDate("46056", f.Date1904())
	if !ok || y != 2026 || m != 2 || d != 3 {
		t.Errorf("serial 46056 = %d-%d-%d %v", y, m, d, ok)
	}
}

func TestSerialDate(t *testing.T) {
	for _, tt := range []struct {
		in       string
		date1904 bool
		want     string
	}{
		{"45292", false, "2024-01-01"},
		{"45292.75", false, "2024-01-01"},
		{" 45292 ", false, "2024-01-01"},
		{"43830", true, "2024-01-01"},
		{"1", false, "1900-01-01"},
		{"61", false, "1900-03-01"},
		{"0", false, ""},
		{"-1", false, ""},
		{"2958466", false, ""},
		{"abc", false, ""},
		{"2024-01-01", false, ""},
		{"", false, ""},
	} {
		y, m, d, ok := SerialDate(tt.in, tt.date1904)
		got := ""
		if ok {
			got = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		}
		if got != tt.want {
			t.Errorf("SerialDate(%q, %v) = %q, want %q", tt.in, tt.date1904, got, tt.want)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	good := workbook(t, []string{"Data"}, map[string][][]any{"Data": {{"a", "b"}}})
	for _, tt := range []struct {
		name string
		data []byte
		size int64
		opt  Options
		want error
		msg  string
	}{
		{"too large, size known", good, int64(len(good)), Options{MaxFileBytes: 100}, ErrTooLarge, "the limit is 0.0 MB"},
		{"too large, size unknown", good, -1, Options{MaxFileBytes: 100}, ErrTooLarge, "more than 0.0 MB"},
		{"unzips too large", good, -1, Options{MaxUnzipBytes: 500}, ErrTooLarge, "unpacks to more than"},
		{"csv", []byte("a;b\n1;2\n"), -1, Options{}, ErrNotXLSX, "does not start like a zip archive"},
		{"empty", nil, 0, Options{}, ErrNotXLSX, "does not start like a zip archive"},
		{"damaged zip", []byte("PK\x03\x04 this is not really a zip"), -1, Options{}, ErrNotXLSX, "damaged"},
		{"old xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 compound file"), -1, Options{}, ErrLegacyOrEncrypted, "Excel-arbetsbok"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Open(bytes.NewReader(tt.data), tt.size, tt.opt)
			if err == nil {
				f.Close()
				t.Fatal("opened")
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}

// FuzzOpen: whatever the bytes, Open and reading every row of every sheet end in rows
// or an error, never a panic or a hang.
func FuzzOpen(f *testing.F) {
	f.Add(workbook(f, []string{"Data"}, map[string][][]any{"Data": {{"Ärende", "Datum"}, {"A-1", 46056}}}))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("a;b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := Open(bytes.NewReader(data), int64(len(data)), Options{MaxFileBytes: 1 << 20, MaxUnzipBytes: 8 << 20})
		if err != nil {
			return
		}
		defer wb.Close()
		for _, s := range wb.Sheets() {
			rows, err := wb.Rows(s)
			if err != nil {
				continue
			}
			for n := 0; rows.Next() && n < 10000; n++ {
				_ = rows.Values()
			}
			_ = rows.Err()
			rows.Close()
		}
	})
}
