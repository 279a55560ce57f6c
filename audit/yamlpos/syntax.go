package yamlpos

import (
	"fmt"
	"regexp"
	"strings"
)

// SyntaxProblem turns the error the YAML parser gave for data, a file that is not valid
// YAML, into a Problem that points at the line to fix and says what to do. The parser
// often names the line where a block began rather than the line that breaks it (a
// key indented one space too few is reported at the "rules:" above it), and its
// messages ("mapping values are not allowed in this context") mean little to someone
// editing a routine, so the usual mistakes are looked for in the text itself: a tab
// used for indentation, a line that does not line up with the lines above, a value
// with ": " in it that is not quoted, a key without a space after its colon, a quote
// that is not closed. Anything else keeps the parser's line and message.
func SyntaxProblem(file string, data []byte, err error) Problem {
	line, msg := parseYAMLError(err)
	p := Problem{File: file, Line: line, Column: 1, Msg: "not valid YAML: " + msg}
	if line == 0 && msg == "" {
		return p
	}
	ls := splitLines(data)
	if n := len(ls); p.Line > n {
		p.Line = n // the parser counts the line after a last line without newline
	}
	for _, diagnose := range []func([]string, int, string) (int, int, string){tabIndent, unclosedQuote, colonInValue, noSpaceAfterColon, flowEntry, misaligned} {
		if l, col, what := diagnose(ls, line, msg); l > 0 {
			p.Line, p.Column, p.Msg = l, col, "not valid YAML: "+what
			return p
		}
	}
	p.Msg += "; check the indentation and the quoting of this line and the lines around it"
	return p
}

// parseYAMLError splits "yaml: line N: message" into N and message.
func parseYAMLError(err error) (int, string) {
	if err == nil {
		return 0, ""
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if _, e := fmt.Sscanf(msg, "line %d:", &line); e == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return line, msg
}

func splitLines(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.Split(s, "\n")
}

// content reports whether a line holds anything but spaces and a comment.
func content(l string) bool {
	t := strings.TrimLeft(l, " \t")
	return t != "" && t[0] != '#'
}

// tabIndent finds the tab the parser stumbled on: the first line indented with a tab
// (a blank line holding a tab counts), or, for a character that "cannot start any
// token", a tab on the line the parser names.
func tabIndent(ls []string, line int, msg string) (int, int, string) {
	switch {
	case strings.Contains(msg, "tab"):
		for i, l := range ls {
			lead := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			if j := strings.IndexByte(lead, '\t'); j >= 0 {
				if !content(l) {
					return i + 1, j + 1, "this blank line holds a tab, and YAML indents with spaces only: remove the tab"
				}
				return i + 1, j + 1, "a tab is used to indent this line; YAML indents with spaces only: replace the tab with spaces, lined up with the lines above"
			}
		}
	case strings.Contains(msg, "cannot start any token") && line >= 1 && line <= len(ls):
		if j := strings.IndexByte(ls[line-1], '\t'); j >= 0 {
			return line, j + 1, "a tab here, where YAML expects a space: replace it with spaces"
		}
	}
	return 0, 0, ""
}

// valueStart returns where the value of a "key: value" or "- key: value" line starts,
// or -1 when the line is not a key with a value on it.
func valueStart(l string) int {
	m := keyRE.FindStringSubmatchIndex(l)
	if m == nil {
		return -1
	}
	return m[1]
}

// keyRE matches the start of a line that is a key: indentation, an optional "- ", a
// plain key and ": " (or ":" at the end of the line).
var keyRE = regexp.MustCompile(`^ *(?:- +)*[A-Za-z_][A-Za-z0-9_.-]*: *`)

// unclosedQuote finds a value that opens a double or single quote and does not close it
// on its line, at or before the line the parser names (the parser runs on to where it
// gives up).
func unclosedQuote(ls []string, line int, msg string) (int, int, string) {
	if !strings.Contains(msg, "end of stream") && !strings.Contains(msg, "quoted scalar") {
		return 0, 0, ""
	}
	for i := 0; i < len(ls) && (line == 0 || i < line); i++ {
		v := valueStart(ls[i])
		if v < 0 || v >= len(ls[i]) {
			continue
		}
		val := strings.TrimRight(ls[i][v:], " ")
		q := val[0]
		if q != '"' && q != '\'' {
			continue
		}
		if !closes(val, q) {
			return i + 1, v + 1, fmt.Sprintf("the value that starts with %c here is not closed: add the closing %c at the end of the value", q, q)
		}
	}
	return 0, 0, ""
}

// closes reports whether the quoted value val (starting with quote q) ends its quote.
func closes(val string, q byte) bool {
	for i := 1; i < len(val); i++ {
		switch {
		case q == '"' && val[i] == '\\':
			i++
		case val[i] == q && q == '\'' && i+1 < len(val) && val[i+1] == '\'':
			i++ // '' is a quote inside single quotes
		case val[i] == q:
			return true
		}
	}
	return false
}

// colonInValue finds an unquoted value that holds ": ", which YAML reads as a second
// key on the line.
func colonInValue(ls []string, line int, msg string) (int, int, string) {
	if !strings.Contains(msg, "mapping values are not allowed") || line < 1 || line > len(ls) {
		return 0, 0, ""
	}
	l := ls[line-1]
	v := valueStart(l)
	if v < 0 || v >= len(l) || strings.ContainsRune("\"'[{|>", rune(l[v])) {
		return 0, 0, ""
	}
	if j := strings.Index(l[v:], ": "); j >= 0 {
		return line, v + j + 1, `the value has ": " in it, which YAML reads as a new key: put the whole value in double quotes, as in title: "…"`
	}
	return 0, 0, ""
}

// flowEntry finds what breaks a one-line mapping or list such as
// "- {date: 2026-01-05, name: klämdag}": a value with ": " or another of YAML's marks in
// it, unquoted; two entries without a comma between them; a bracket not closed. The
// parser names the line before such a line, at column 1.
func flowEntry(ls []string, line int, msg string) (int, int, string) {
	if !strings.Contains(msg, "did not find expected ',' or") {
		return 0, 0, ""
	}
	for i := max(line-1, 0); i < min(line+2, len(ls)); i++ {
		l := ls[i]
		open := strings.IndexAny(l, "{[")
		if open < 0 || !content(l) || strings.ContainsAny(l[:open], "\"'#") {
			continue
		}
		closer := byte('}')
		if l[open] == '[' {
			closer = ']'
		}
		body := stripComment(l[open+1:])
		end := strings.LastIndexByte(body, closer)
		if end < 0 {
			return i + 1, open + 1, fmt.Sprintf("the %c opened here is not closed on its line: add %c at the end of the line (a value with %c or ',' in it goes in double quotes)", l[open], closer, closer)
		}
		if strings.ContainsAny(body[:end], "{[") {
			continue // nested: too much for a split on commas; the parser's words stand
		}
		at := open + 1 // column (0-based) where the entry starts
		for _, entry := range strings.Split(body[:end], ",") {
			lead := len(entry) - len(strings.TrimLeft(entry, " "))
			e := strings.TrimSpace(entry)
			start := at + lead
			at += len(entry) + 1
			if e == "" || e[0] == '"' || e[0] == '\'' {
				continue
			}
			key, val, hasKey := strings.Cut(e, ": ")
			if !hasKey || val == "" {
				continue
			}
			valAt := start + len(key) + 2 + len(val) - len(strings.TrimLeft(val, " "))
			val = strings.TrimSpace(val)
			if val[0] == '"' || val[0] == '\'' {
				continue
			}
			if j := strings.Index(val, ": "); j >= 0 {
				if k := strings.LastIndexByte(val[:j], ' '); k >= 0 && isKnownLooking(val[k+1:j]) {
					return i + 1, valAt + k + 2, fmt.Sprintf("'%s' follows the value before it without a comma: write ', %s'", val[k+1:j], val[k+1:j])
				}
				return i + 1, valAt + 1, fmt.Sprintf(`the value %q has ": " in it, which YAML reads as a new key: put it in double quotes, as in %s: "%s"`, val, key, val)
			}
			if j := strings.IndexAny(val, "?#[]{}"); j >= 0 {
				return i + 1, valAt + 1, fmt.Sprintf(`the value %q has %q in it, which YAML reads as a mark inside {…}: put it in double quotes, as in %s: "%s"`, val, val[j], key, val)
			}
		}
	}
	return 0, 0, ""
}

// isKnownLooking reports whether word looks like a field name (lower case ASCII letters
// and '_'), as "name" in "date: 2026-05-16 name: lördag" does, rather than a word of a
// Swedish text.
func isKnownLooking(word string) bool {
	if word == "" {
		return false
	}
	for _, r := range word {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}

// noSpaceAfterColon finds a key written without a space after its colon ("kind:duration"),
// which YAML reads as a plain value, at or just before the line the parser names.
func noSpaceAfterColon(ls []string, line int, msg string) (int, int, string) {
	if !strings.Contains(msg, "could not find expected ':'") && !strings.Contains(msg, "did not find expected key") {
		return 0, 0, ""
	}
	for i := max(line-3, 0); i < min(line, len(ls)); i++ {
		if m := noSpaceRE.FindStringSubmatchIndex(ls[i]); m != nil {
			key := ls[i][m[2]:m[3]]
			return i + 1, m[3] + 1, fmt.Sprintf("a key needs a space after its colon: write %q", key+": "+strings.TrimSpace(ls[i][m[3]+1:]))
		}
	}
	return 0, 0, ""
}

var noSpaceRE = regexp.MustCompile(`^ *(?:- +)*([A-Za-z_][A-Za-z0-9_]*):[^ /\n]`)

// misaligned finds the first line whose indentation does not fit the block structure
// above it: a key further left than the keys it follows but not lined up with any
// block it returns to, or a line further right than a key whose value is already on
// its line. Only a line at or after the one the parser names counts: the parser read
// the lines before it without trouble (a plain value may go on over several lines).
func misaligned(ls []string, line int, msg string) (int, int, string) {
	switch {
	case strings.Contains(msg, "did not find expected"),
		strings.Contains(msg, "mapping values are not allowed"),
		strings.Contains(msg, "block sequence entries are not allowed"),
		strings.Contains(msg, "could not find expected ':'"):
	default:
		return 0, 0, ""
	}
	// levels holds the columns at which the open blocks' keys start, innermost last;
	// at holds, for each, the index of the last line that starts there.
	var levels, at []int
	opens := false // the line before ends with "key:" (a block follows)
	block := -1    // inside a literal or folded value (| or >) of a key at this indentation
	prevKey, prevLine := 0, 0
	plain := false   // the line before ends with a plain value, which may go on
	var inQuote byte // inside a quoted value that goes on over lines
	for i, l := range ls {
		if !content(l) {
			continue
		}
		ind := len(l) - len(strings.TrimLeft(l, " "))
		if block >= 0 {
			if ind > block {
				continue
			}
			block = -1
		}
		// The keys of a mapping in a list item start after the "- ".
		keyCol := ind
		for rest := l[keyCol:]; strings.HasPrefix(rest, "- ") || rest == "-"; rest = l[keyCol:] {
			keyCol += 2
			for keyCol < len(l) && l[keyCol] == ' ' {
				keyCol++
			}
			if keyCol >= len(l) {
				break
			}
		}
		if inQuote != 0 {
			// A quoted value goes on over lines until its quote closes.
			if strings.IndexByte(l, inQuote) >= 0 {
				inQuote = 0
			}
			continue
		}
		if plain && len(levels) > 0 && ind > levels[len(levels)-1] && valueStart(l) < 0 {
			continue // a plain value that goes on over several lines
		}
		switch {
		case len(levels) == 0 || ind > levels[len(levels)-1]:
			if len(levels) > 0 && !opens && i+1 >= line {
				return i + 1, ind + 1, fmt.Sprintf("this line is indented further than line %d, whose value is already given on its line: line it up with the key on line %d (column %d)", prevLine, prevLine, prevKey+1)
			}
			levels, at = append(levels, ind), append(at, i)
		default:
			// The nearest blocks on either side are where the line most likely belongs:
			// the one it is left of (the last left) and the one it may return to.
			right, rightAt := -1, -1
			for len(levels) > 0 && levels[len(levels)-1] > ind {
				right, rightAt = levels[len(levels)-1], at[len(at)-1]
				levels, at = levels[:len(levels)-1], at[:len(at)-1]
			}
			if len(levels) == 0 || levels[len(levels)-1] != ind {
				if i+1 >= line {
					left, leftAt := -1, -1
					if len(levels) > 0 {
						left, leftAt = levels[len(levels)-1], at[len(at)-1]
					}
					return i + 1, ind + 1, fmt.Sprintf("this line starts in column %d, which lines up with no block above it: start it %s", ind+1, placeChoices(ls, right, rightAt, left, leftAt))
				}
			} else {
				at[len(at)-1] = i
			}
		}
		if keyCol > ind {
			levels, at = append(levels, keyCol), append(at, i) // the item's mapping
		}
		v := valueStart(l)
		val := ""
		if v >= 0 {
			val = strings.TrimSpace(stripComment(l[v:]))
		}
		opens = v >= 0 && val == "" || strings.TrimSpace(l[ind:]) == "-"
		plain = val != "" && !strings.ContainsRune("\"'[{|>&*!", rune(val[0]))
		if val != "" && (val[0] == '"' || val[0] == '\'') && !closes(val, val[0]) {
			inQuote = val[0]
		}
		if v >= 0 && (strings.HasPrefix(val, "|") || strings.HasPrefix(val, ">")) {
			block = ind
			if keyCol > ind {
				block = keyCol
			}
		}
		prevKey, prevLine = keyCol, i+1
	}
	return 0, 0, ""
}

// placeChoices names the columns a misaligned line may start in: that of the block it
// is just left of (right) and that of the block it may return to (left), each with the
// last line above that starts there (rightAt, leftAt: indexes into ls); -1 = none.
func placeChoices(ls []string, right, rightAt, left, leftAt int) string {
	var opts []string
	for _, o := range [][2]int{{right, rightAt}, {left, leftAt}} {
		if o[0] >= 0 {
			opts = append(opts, fmt.Sprintf("in column %d, like %s on line %d", o[0]+1, keyOf(ls[o[1]]), o[1]+1))
		}
	}
	if len(opts) == 2 {
		return opts[0] + ", or " + opts[1] + ", whichever block it belongs to"
	}
	return strings.Join(opts, "")
}

// keyOf names a line for a message: its key ("title", "- id"), or else the line, trimmed
// and cut at 40 characters, in single quotes.
func keyOf(l string) string {
	l = strings.TrimSpace(l)
	if i := strings.Index(l, ": "); i >= 0 && !strings.ContainsAny(l[:i], "{[\"'") {
		l = l[:i]
	} else if k, ok := strings.CutSuffix(l, ":"); ok {
		l = k
	}
	if r := []rune(l); len(r) > 40 {
		l = string(r[:39]) + "…"
	}
	return "'" + l + "'"
}

// stripComment drops a " #" comment from the end of a value.
func stripComment(v string) string {
	if strings.HasPrefix(v, "\"") || strings.HasPrefix(v, "'") {
		return v
	}
	if i := strings.Index(v, " #"); i >= 0 {
		return v[:i]
	}
	return v
}
