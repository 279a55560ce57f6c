package profile

import "fmt"

// delimiterHint explains a CSV header read as one column although it holds another
// delimiter: the profile names the wrong delimiter.
func delimiterHint(header []string, src source, p *Profile) string {
	cs, ok := src.(*csvSource)
	if !ok || len(header) != 1 {
		return ""
	}
	other, err := detectDelimiter([]byte(header[0]+"\n"), 1)
	if err != nil || other == cs.comma {
		return ""
	}
	return fmt.Sprintf("The header is read as one single column: the file seems to use %s as delimiter, but profile %q says %s. Set delimiter: auto (or %s) in a copy of the profile, or export the file with %s.",
		quoteDelim(other), p.Name, quoteDelim(cs.comma), quoteDelim(other), quoteDelim(cs.comma))
}

func quoteDelim(c rune) string {
	if c == '\t' {
		return "tab"
	}
	return fmt.Sprintf("%q", string(c))
}

// headerRowHint looks for the header further down the file, for a file whose header
// row lacks the profile's required columns: an export often starts with a title line.
// It opens the input again and binds each of the first rows; it returns advice to set
// header_row when one of them holds every required column, else "".
func headerRowHint(in Input, p *Profile, opt Options, roles []role, hline int) string {
	q := *p
	src, _, _, err := openSource(in, &q, opt)
	if err != nil {
		return ""
	}
	defer src.close()
	for range 30 {
		rec, line, err := src.next()
		if err != nil {
			return ""
		}
		if b, err := bind(roles, rec); err == nil && len(b.missing) == 0 && line != hline {
			unit := "line"
			if _, ok := src.(*xlsxSource); ok {
				unit = "row"
			}
			return fmt.Sprintf("The profile's columns are all on %s %d: the header seems to be there, not on %s %d. Set header_row: %d in a copy of the profile.", unit, line, unit, hline, line)
		}
	}
	return ""
}
