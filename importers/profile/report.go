package profile

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteText writes the report for a person reading a terminal: what was read, which
// columns were found and missing, unused headers, and the first problem cells.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	name := fmt.Sprintf("profile %q", r.Profile)
	if r.System != "" {
		name += " (" + r.System + ")"
	}
	fmt.Fprintf(bw, "Checking %s against %s\n", r.File, name)
	unit := "line"
	if r.Info.Format == FormatXLSX {
		unit = "row"
	}
	if r.Info.HeaderLine > 0 {
		fmt.Fprintf(bw, "Read as: %s; header on %s %d; %d data row(s) examined%s.\n",
			r.Info.describe(), unit, r.Info.HeaderLine, r.Rows, map[bool]string{true: " (the whole file)", false: ""}[r.CheckedAll])
	}
	for _, p := range r.Problems {
		fmt.Fprintf(bw, "\nPROBLEM: %s\n", p)
	}
	if len(r.Found) > 0 {
		fmt.Fprintf(bw, "\nColumns found (%d):\n", len(r.Found))
		width := 0
		for _, f := range r.Found {
			width = max(width, len(f.Role))
		}
		for _, f := range r.Found {
			fmt.Fprintf(bw, "  %-*s  %q (column %d)\n", width, f.Role, f.Header, f.Column)
		}
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(bw, "\nRequired columns MISSING (%d) — an import would stop:\n", len(r.Missing))
		for _, m := range r.Missing {
			fmt.Fprintf(bw, "  %s\n", m)
		}
	}
	if len(r.Optional) > 0 {
		fmt.Fprintf(bw, "\nOptional columns not in the file (%d) — read as empty:\n", len(r.Optional))
		for _, m := range r.Optional {
			fmt.Fprintf(bw, "  %s\n", m)
		}
	}
	if len(r.Unused) > 0 {
		q := make([]string, len(r.Unused))
		for i, u := range r.Unused {
			q[i] = fmt.Sprintf("%q", u)
		}
		fmt.Fprintf(bw, "\nHeaders not used by the profile (%d), ignored: %s\n", len(r.Unused), strings.Join(q, ", "))
	}
	if len(r.Dates) > 0 {
		fmt.Fprintf(bw, "\nDates (formats: %s):\n", r.dateFormats())
		for _, d := range r.Dates {
			fmt.Fprintf(bw, "  %s (column %d): %d filled, %d read as dates\n", d.Header, d.Column, d.Filled, d.Parsed)
			for _, f := range d.Failures {
				fmt.Fprintf(bw, "    %s %d: %q: %s\n", unit, f.Line, f.Value, f.Reason)
			}
		}
	}
	if len(r.Values) > 0 {
		fmt.Fprintf(bw, "\nTexts translated by the profile:\n")
		for _, v := range r.Values {
			if len(v.Unknown) == 0 {
				fmt.Fprintf(bw, "  %s (column %d): %d filled, all understood\n", v.Header, v.Column, v.Filled)
				continue
			}
			fmt.Fprintf(bw, "  %s (column %d): %d filled; NOT understood (add them to the profile's values for %s):\n", v.Header, v.Column, v.Filled, v.Role)
			for _, u := range v.Unknown {
				fmt.Fprintf(bw, "    %q: %d row(s), first on %s %d\n", u.Text, u.Count, unit, u.FirstLine)
			}
		}
	}
	if pc := r.Person; pc != nil {
		fmt.Fprintf(bw, "\nPersonnummer in %q (column %d): %d filled, %d valid (the numbers are never shown)\n", pc.Header, pc.Column, pc.Filled, pc.Valid)
		for _, f := range pc.Failures {
			fmt.Fprintf(bw, "    %s %d: %s\n", unit, f.Line, f.Reason)
		}
	}
	if st := r.Trial; st != nil {
		fmt.Fprintf(bw, "\nA trial import of these rows: %d read, %d imported, %d rejected, %d duplicates", st.Read, st.Imported, st.Rejected, st.Duplicates)
		if r.Shape == ShapeWide {
			fmt.Fprintf(bw, " (counted in events: a wide row counts once per filled-in date)")
		}
		fmt.Fprintln(bw, ".")
		for _, rj := range r.TrialRejected {
			if rj.Column > 0 {
				fmt.Fprintf(bw, "    %s %d, column %d %q: %s\n", unit, rj.Line, rj.Column, rj.Field, rj.Reason)
			} else {
				fmt.Fprintf(bw, "    %s %d (the whole row): %s\n", unit, rj.Line, rj.Reason)
			}
		}
		if st.Rejected > len(r.TrialRejected) {
			fmt.Fprintf(bw, "    … and %d more\n", st.Rejected-len(r.TrialRejected))
		}
	}
	if r.OK() {
		fmt.Fprintf(bw, "\nOK: the profile fits this file.\n")
	} else {
		fmt.Fprintf(bw, "\nNOT OK: see above; rows with these problems would be rejected (or the import would stop).\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the check report: %w", err)
	}
	return nil
}

func (r *Report) dateFormats() string {
	if len(r.DateFormats) == 0 {
		return "see the profile"
	}
	return strings.Join(r.DateFormats, ", ")
}

// describe says how the file was read.
func (fi FileInfo) describe() string {
	if fi.Format == FormatXLSX {
		return fmt.Sprintf("Excel workbook, sheet %q", fi.Sheet)
	}
	d := fi.Delimiter
	if d != "tab" {
		d = `"` + d + `"`
	}
	return fmt.Sprintf("CSV, encoding %s, delimiter %s", fi.Encoding, d)
}
