package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/rutinkoll/rutinkoll/reports/atomicfile"
)

// sortByDate writes to dst the canonical file src with its rows sorted by their date
// column, rows of one date in the order they had: each case's rows then lie spread over
// the whole file, as in an export sorted by date rather than grouped by case. It is
// for the benchmark's files, which rutinkoll generated: one row per line (no line
// break inside a quoted field), quotes only around whole fields. dst is written
// through atomicfile: complete or not at all.
func sortByDate(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	header, body, ok := bytes.Cut(data, []byte{'\n'})
	if !ok {
		return fmt.Errorf("bench: %s: no rows", src)
	}
	col := 0
	for ; ; col++ {
		f, ok := fieldOf(header, col)
		if !ok {
			return fmt.Errorf("bench: %s:1: no date column in the header", src)
		}
		if string(bytes.TrimSpace(f)) == "date" {
			break
		}
	}
	type datedRow struct{ row, date []byte }
	var rows []datedRow
	for i, row := range bytes.SplitAfter(body, []byte{'\n'}) {
		if len(row) == 0 {
			continue // after the last line ending
		}
		if bytes.Count(row, []byte{'"'})%2 != 0 {
			return fmt.Errorf("bench: %s:%d: a quoted field spans lines; only single-line rows can be sorted", src, i+2)
		}
		date, ok := fieldOf(bytes.TrimRight(row, "\r\n"), col)
		if !ok {
			return fmt.Errorf("bench: %s:%d: the row has no column %d (date)", src, i+2, col+1)
		}
		rows = append(rows, datedRow{row, date})
	}
	slices.SortStableFunc(rows, func(a, b datedRow) int { return bytes.Compare(a.date, b.date) })
	err = atomicfile.Write(dst, func(f io.Writer) error {
		w := bufio.NewWriterSize(f, 1<<20)
		w.Write(header)
		w.WriteByte('\n')
		for _, r := range rows {
			w.Write(r.row)
			if !bytes.HasSuffix(r.row, []byte{'\n'}) {
				w.WriteByte('\n')
			}
		}
		return w.Flush()
	})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// fieldOf returns field i (0-based) of a line of the benchmark's files, quotes kept; a
// semicolon inside quotes does not end a field.
func fieldOf(line []byte, i int) ([]byte, bool) {
	start, quoted := 0, false
	for j, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ';' && !quoted:
			if i == 0 {
				return line[start:j], true
			}
			i--
			start = j + 1
		}
	}
	return line[start:], i == 0
}
