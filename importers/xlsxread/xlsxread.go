// Package xlsxread reads the rows of one sheet of an Excel workbook (.xlsx) as text,
// one row at a time, for importers of verksamhetssystem exports.
//
// It wraps github.com/xuri/excelize/v2 with the settings an untrusted export needs: the
// file is refused before it is unpacked when it is larger than a limit, the unpacked
// size is capped (a zip bomb fails instead of filling the disk), an old .xls file or a
// password-protected workbook is recognised and named as such, and cells are returned
// raw (RawCellValue), so a date cell is its serial number ("45292") whatever its number
// format; [SerialDate] turns that into a calendar date.
package xlsxread

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Default limits. A real listutdrag of a few hundred thousand rows is 10–50 MB.
const (
	DefaultMaxFileBytes  int64 = 256 << 20 // the .xlsx file itself
	DefaultMaxUnzipBytes int64 = 2 << 30   // all its parts, unpacked
)

// Sentinel errors; test with errors.Is.
var (
	// ErrTooLarge means the file or its unpacked content is over the limit.
	ErrTooLarge = errors.New("the Excel file is too large")
	// ErrNotXLSX means the input is not an .xlsx workbook (not a zip file).
	ErrNotXLSX = errors.New("not an Excel .xlsx file")
	// ErrLegacyOrEncrypted means an old .xls workbook or a password-protected .xlsx.
	ErrLegacyOrEncrypted = errors.New("an old .xls workbook or a password-protected .xlsx")
	// ErrNoSheet means the requested sheet does not exist.
	ErrNoSheet = errors.New("no such sheet")
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Options limit what Open accepts. Zero values mean the defaults.
type Options struct {
	MaxFileBytes  int64 // refuse files larger than this (default DefaultMaxFileBytes)
	MaxUnzipBytes int64 // refuse workbooks whose parts unpack to more (default DefaultMaxUnzipBytes)
}

func (o Options) withDefaults() Options {
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = DefaultMaxFileBytes
	}
	if o.MaxUnzipBytes <= 0 {
		o.MaxUnzipBytes = DefaultMaxUnzipBytes
	}
	return o
}

// File is an open workbook. Close it to remove the temporary files excelize makes for
// large sheets.
type File struct {
	x        *excelize.File
	date1904 bool
}

// IsXLSX reports whether head (the first bytes of a file) starts like a zip file, which
// an .xlsx workbook is.
func IsXLSX(head []byte) bool { return bytes.HasPrefix(head, zipMagic) }

// IsLegacyOrEncrypted reports whether head starts like an OLE compound file: an old
// .xls workbook or a password-protected .xlsx.
func IsLegacyOrEncrypted(head []byte) bool { return bytes.HasPrefix(head, oleMagic) }

// Open reads a workbook from r. size is the file's size when known (from os.Stat), or
// -1; a file over the limit is refused before it is read. The whole file is held in
// memory while open (excelize needs random access), worksheets larger than 16 MiB
// unpacked are streamed from temporary files.
func Open(r io.Reader, size int64, opt Options) (f *File, err error) {
	opt = opt.withDefaults()
	// A damaged workbook must not take the program down with it.
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fmt.Errorf("%w: the workbook is damaged (%v)", ErrNotXLSX, p)
		}
	}()
	if size > opt.MaxFileBytes {
		return nil, tooLarge(size, opt.MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(r, opt.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the Excel file: %w", err)
	}
	if int64(len(data)) > opt.MaxFileBytes {
		return nil, tooLarge(-1, opt.MaxFileBytes)
	}
	switch {
	case IsLegacyOrEncrypted(data):
		return nil, fmt.Errorf("%w: open it in Excel and save it as \"Excel-arbetsbok (*.xlsx)\" without a password", ErrLegacyOrEncrypted)
	case !IsXLSX(data):
		return nil, fmt.Errorf("%w: the file does not start like a zip archive; if it is a CSV or text export, use a profile with format: csv", ErrNotXLSX)
	}
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    opt.MaxUnzipBytes,
		UnzipXMLSizeLimit: min(opt.MaxUnzipBytes, 16<<20),
	})
	if err != nil {
		if x != nil {
			_ = x.Close()
		}
		return nil, classify(err, opt)
	}
	f = &File{x: x}
	props, err := x.GetWorkbookProps()
	if err != nil {
		_ = x.Close()
		return nil, fmt.Errorf("%w: reading the workbook properties: %v", ErrNotXLSX, err)
	}
	if props.Date1904 != nil {
		f.date1904 = *props.Date1904
	}
	return f, nil
}

func tooLarge(size, limit int64) error {
	if size >= 0 {
		return fmt.Errorf("%w: %s, the limit is %s; export a shorter period or raise the limit", ErrTooLarge, mb(size), mb(limit))
	}
	return fmt.Errorf("%w: more than %s; export a shorter period or raise the limit", ErrTooLarge, mb(limit))
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// classify turns an excelize open error into one of this package's errors.
func classify(err error, opt Options) error {
	msg := err.Error()
	switch {
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrChecksum),
		errors.Is(err, excelize.ErrWorkbookFileFormat):
		return fmt.Errorf("%w: the zip archive is damaged or is not a workbook (%v)", ErrNotXLSX, err)
	case strings.Contains(msg, "unzip size exceeds"), strings.Contains(msg, "unzip size limit"):
		return fmt.Errorf("%w: its content unpacks to more than %s (%v)", ErrTooLarge, mb(opt.MaxUnzipBytes), err)
	}
	return fmt.Errorf("%w: %v", ErrNotXLSX, err)
}

// Close releases the workbook and its temporary files.
func (f *File) Close() error {
	if err := f.x.Close(); err != nil {
		return fmt.Errorf("closing the Excel file: %w", err)
	}
	return nil
}

// Date1904 reports whether the workbook counts serial dates from 1904 (old Mac Excel).
func (f *File) Date1904() bool { return f.date1904 }

// Sheets returns the sheet names in workbook order.
func (f *File) Sheets() []string { return f.x.GetSheetList() }

// Sheet resolves a sheet by name (matched case-insensitively, ignoring surrounding
// space) or, when name is "", by 1-based index; both empty means the first sheet.
func (f *File) Sheet(name string, index int) (string, error) {
	sheets := f.Sheets()
	if len(sheets) == 0 {
		return "", fmt.Errorf("%w: the workbook has no sheets", ErrNoSheet)
	}
	if name != "" {
		for _, s := range sheets {
			if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(name)) {
				return s, nil
			}
		}
		return "", fmt.Errorf("%w: there is no sheet named %q; the sheets are %s", ErrNoSheet, name, quoteList(sheets))
	}
	if index == 0 {
		index = 1
	}
	if index < 1 || index > len(sheets) {
		return "", fmt.Errorf("%w: there is no sheet number %d; the workbook has %d sheet(s): %s", ErrNoSheet, index, len(sheets), quoteList(sheets))
	}
	return sheets[index-1], nil
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// Rows iterates over the rows of one sheet, including empty rows, numbered from 1 as
// Excel shows them.
type Rows struct {
	rows   *excelize.Rows
	row    int
	values []string
	err    error
}

// Rows returns an iterator over the rows of sheet. Close it when done.
func (f *File) Rows(sheet string) (*Rows, error) {
	rows, err := f.x.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("reading sheet %q: %w", sheet, err)
	}
	return &Rows{rows: rows}, nil
}

// Next advances to the next row and reports whether there is one.
func (r *Rows) Next() (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			r.err, ok = fmt.Errorf("row %d: %w: the sheet is damaged (%v)", r.row, ErrNotXLSX, p), false
		}
	}()
	if r.err != nil || !r.rows.Next() {
		return false
	}
	r.row++
	r.values, r.err = r.rows.Columns()
	if r.err != nil {
		r.err = fmt.Errorf("row %d: %w", r.row, r.err)
		return false
	}
	return true
}

// Row returns the current row's 1-based number.
func (r *Rows) Row() int { return r.row }

// Values returns the current row's cells as text; trailing empty cells are omitted. Date
// cells hold their serial number.
func (r *Rows) Values() []string { return r.values }

// Err returns the error that stopped the iteration, if any.
func (r *Rows) Err() error {
	if r.err != nil {
		return r.err
	}
	if err := r.rows.Error(); err != nil {
		return fmt.Errorf("reading rows: %w", err)
	}
	return nil
}

// Close releases the iterator.
func (r *Rows) Close() error {
	if err := r.rows.Close(); err != nil {
		return fmt.Errorf("closing the row iterator: %w", err)
	}
	return nil
}

// SerialDate converts an Excel serial day number as stored in a cell ("45292",
// "45292.75") to a calendar date; the time of day is dropped. ok is false when s is not
// a number or is outside 1900-01-01..9999-12-31.
func SerialDate(s string, date1904 bool) (year, month, day int, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || (s[0] < '0' || s[0] > '9') {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 1 || v > 2958465 {
		return 0, 0, 0, false
	}
	t, err := excelize.ExcelDateToTime(float64(int64(v)), date1904)
	if err != nil {
		return 0, 0, 0, false
	}
	y, m, d := t.Date()
	return y, int(m), d, true
}
