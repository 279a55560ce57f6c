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
