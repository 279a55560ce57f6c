package profile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rutinkoll/rutinkoll/importers/xlsxread"
)

// Input is one export file to read.
type Input struct {
	Name string                        // shown in messages and rejections (usually the path)
	Open func() (io.ReadCloser, error) // opens the content
	Size int64                         // size in bytes if known, else -1 (a too large XLSX is refused unread)
}

// FileInput returns an Input reading the file at path.
func FileInput(path string) Input {
	size := int64(-1)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return Input{Name: path, Size: size, Open: func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("cannot open %s: %w", path, err)
		}
		return f, nil
	}}
}

// BytesInput returns an Input reading data, named name in messages.
func BytesInput(name string, data []byte) Input {
	return Input{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// source yields the records of one file.
type source interface {
	// next returns the next record and its 1-based line (CSV, where the record starts)
	// or row (XLSX); io.EOF at the end. The slice is only valid until the next call.
	next() ([]string, int, error)
	// strict reports whether every record must have as many fields as the header
	// (CSV; XLSX rows omit trailing empty cells).
	strict() bool
	close() error
	// describe says what was detected: encoding and delimiter, or sheet.
	describe() FileInfo
}

// openSource opens in and returns a source positioned after the header, the header
// and its line.
func openSource(in Input, p *Profile, opt Options) (source, []string, int, error) {
	rc, err := in.Open()
	if err != nil {
		return nil, nil, 0, err
	}
	br := bufio.NewReaderSize(rc, 64<<10)
	head, _ := br.Peek(8)
	format := p.Format
	isZip, isOLE := xlsxread.IsXLSX(head), xlsxread.IsLegacyOrEncrypted(head)
	switch {
	case len(head) == 0:
		rc.Close()
		return nil, nil, 0, fmt.Errorf("%s: %w", in.Name, ErrEmpty)
	case format == FormatCSV && isZip:
		rc.Close()
		return nil, nil, 0, fmt.Errorf("%s: this is an Excel workbook (.xlsx), but profile %q reads CSV text; use a profile with format: xlsx (or auto), or save the sheet as CSV", in.Name, p.Name)
	case format != FormatXLSX && isOLE:
		rc.Close()
		return nil, nil, 0, fmt.Errorf("%s: %w: open it in Excel and save it as \"Excel-arbetsbok (*.xlsx)\" or as CSV", in.Name, xlsxread.ErrLegacyOrEncrypted)
	case format == FormatAuto && isZip:
		format = FormatXLSX
	case format == FormatAuto:
		format = FormatCSV
	}
	var src source
	if format == FormatXLSX {
		src, err = openXLSX(in, br, p, opt)
		rc.Close() // the workbook is in memory now
	} else {
		src, err = openCSV(in.Name, br, rc, p)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	header, line, err := readHeader(src, p, in.Name)
	if err != nil {
		src.close()
		return nil, nil, 0, err
	}
	return src, header, line, nil
}

// readHeader skips to the profile's header row and returns a copy of it.
func readHeader(src source, p *Profile, name string) ([]string, int, error) {
	for {
		rec, line, err := src.next()
		if err == io.EOF {
			if line == 0 && p.HeaderRow <= 1 {
				return nil, 0, fmt.Errorf("%s: %w", name, ErrEmpty)
			}
			return nil, 0, fmt.Errorf("%s: the file ends before line %d, where profile %q expects the header (header_row); check header_row in the profile", name, p.HeaderRow, p.Name)
		}
		if err != nil {
			return nil, 0, err
		}
		if line < p.HeaderRow {
			continue
		}
		if line > p.HeaderRow {
			return nil, 0, fmt.Errorf("%s:%d: profile %q expects the header on line %d (header_row), but that line is empty; check header_row in the profile", name, p.HeaderRow, p.Name, p.HeaderRow)
		}
		// A header is not personal data, unless header_row points at a data row: then
		// the "headers" shown in messages must not carry a personnummer.
		header := make([]string, len(rec))
		for i, h := range rec {
			header[i] = redact(h, false, time.Time{})
		}
		if allBlank(header) {
			return nil, 0, fmt.Errorf("%s:%d: the header row (header_row %d) is empty; check header_row in the profile", name, line, p.HeaderRow)
		}
		return header, line, nil
	}
}

// ErrEmpty is returned for an empty file.
var ErrEmpty = errors.New("the file is empty")

func allBlank(fields []string) bool {
	for _, f := range fields {
		if !blank(f) {
			return false
		}
	}
	return true
}
