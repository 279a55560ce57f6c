package profile

import (
	"fmt"
	"io"

	"github.com/rutinkoll/rutinkoll/importers/xlsxread"
)

// xlsxSource reads the rows of one sheet of a workbook.
type xlsxSource struct {
	f     *xlsxread.File
	rows  *xlsxread.Rows
	sheet string
	name  string
}

func openXLSX(in Input, r io.Reader, p *Profile, opt Options) (*xlsxSource, error) {
	f, err := xlsxread.Open(r, in.Size, xlsxread.Options{MaxFileBytes: opt.MaxXLSXBytes, MaxUnzipBytes: opt.MaxUnzipBytes})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	sheet, err := f.Sheet(p.Sheet, p.SheetIndex)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w; check sheet in profile %q", in.Name, err, p.Name)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	return &xlsxSource{f: f, rows: rows, sheet: sheet, name: in.Name}, nil
}

func (s *xlsxSource) next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Err(); err != nil {
			return nil, 0, fmt.Errorf("%s: sheet %q: %w", s.name, s.sheet, err)
		}
		return nil, s.rows.Row(), io.EOF
	}
	return s.rows.Values(), s.rows.Row(), nil
}

func (s *xlsxSource) strict() bool { return false }

func (s *xlsxSource) close() error {
	err1 := s.rows.Close()
	err2 := s.f.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

func (s *xlsxSource) describe() FileInfo {
	return FileInfo{Format: FormatXLSX, Sheet: s.sheet}
}

// date1904 reports the workbook's date system, for serial dates.
func (s *xlsxSource) date1904() bool { return s.f.Date1904() }
