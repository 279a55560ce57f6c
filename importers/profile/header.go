package profile

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// MissingColumn is a column the profile maps that a file's header lacks.
type MissingColumn struct {
	Role     string   // what the profile uses it for: "case_id", "events[1] (beslut).date", …
	Names    []string // the header and aliases the profile accepts
	Optional bool     // the profile allows it to be absent
	Nearest  string   // the file's header most like one of Names, or ""
}

// String says what is missing and which header is closest.
func (m MissingColumn) String() string {
	q := make([]string, len(m.Names))
	for i, n := range m.Names {
		q[i] = fmt.Sprintf("%q", n)
	}
	s := fmt.Sprintf("%s: no column %s", m.Role, strings.Join(q, " or "))
	if m.Nearest != "" {
		s += fmt.Sprintf("; closest header in the file: %q", m.Nearest)
	} else {
		s += "; no similar header in the file"
	}
	return s
}

// MismatchError reports a file whose header lacks columns the profile requires: most
// often the wrong profile for the file, or an export made with other columns.
type MismatchError struct {
	File     string
	Line     int // the header's line (CSV) or row (XLSX)
	Profile  string
	Arg      string // what --profile takes to name the profile (Profile.Arg); "" = Profile
	System   string
	Missing  []MissingColumn // the required columns that are missing
	Required int             // how many columns the profile requires
	Headers  []string        // the file's header, as read
	Hint     string          // a likely cause, such as a wrong delimiter; may be ""
}

// Error explains what is missing, what is closest, and what to do.
func (e *MismatchError) Error() string {
	var b strings.Builder
	name := fmt.Sprintf("profile %q", e.Profile)
	if e.System != "" {
		name += " (" + e.System + ")"
	}
	if 2*len(e.Missing) > e.Required {
		fmt.Fprintf(&b, "%s:%d: this file does not look like an export for %s: %d of its %d required columns are missing:",
			e.File, e.Line, name, len(e.Missing), e.Required)
	} else {
		fmt.Fprintf(&b, "%s:%d: the header lacks %d of the %d columns %s requires:", e.File, e.Line, len(e.Missing), e.Required, name)
	}
	for _, m := range e.Missing {
		b.WriteString("\n  - " + m.String())
	}
	q := make([]string, 0, len(e.Headers))
	for _, h := range e.Headers {
		if h = strings.TrimSpace(h); h != "" {
			q = append(q, fmt.Sprintf("%q", h))
		}
	}
	fmt.Fprintf(&b, "\nThe file's headers (line %d): %s.", e.Line, strings.Join(q, ", "))
	if e.Hint != "" {
		b.WriteString("\n" + e.Hint)
	}
	fmt.Fprintf(&b, "\nCheck that --profile names the right system (rutinkoll profiles list) and header_row is right; "+
		"if the export names a column differently, add the name under aliases in a copy of the profile. "+
		"To see what matches, run: rutinkoll profiles check --profile %s %s", quoteArg(cmp.Or(e.Arg, e.Profile)), quoteArg(e.File))
	return b.String()
}

// binding is the result of matching a profile's columns to a file's header.
type binding struct {
	index    []int // per role: 0-based field index, or -1 when absent
	missing  []MissingColumn
	optional []MissingColumn // optional columns absent from the file
	unused   []string
	required int
}

// bind matches roles to header. A column's header is preferred over its aliases.
func bind(roles []role, header []string) (*binding, error) {
	pos := map[string][]int{}
	for i, h := range header {
		k := normalize(h)
		if k != "" {
			pos[k] = append(pos[k], i)
		}
	}
	trimmed := make([]string, 0, len(header))
	for _, h := range header {
		if h = strings.TrimSpace(h); h != "" {
			trimmed = append(trimmed, h)
		}
	}
	b := &binding{index: make([]int, len(roles))}
	used := make([]bool, len(header))
	var problems []string
	for r, ro := range roles {
		b.index[r] = -1
		if !ro.col.Optional {
			b.required++
		}
		for _, n := range ro.col.Names() {
			idx, ok := pos[normalize(n)]
			if !ok {
				continue
			}
			if len(idx) > 1 {
				problems = append(problems, fmt.Sprintf("the column %q appears %d times in the header (columns %s); rename all but one in the export so rutinkoll knows which is %s",
					n, len(idx), joinInts(idx), ro.name))
			}
			b.index[r] = idx[0]
			used[idx[0]] = true
			break
		}
		if b.index[r] < 0 {
			m := MissingColumn{Role: ro.name, Names: ro.col.Names(), Optional: ro.col.Optional, Nearest: nearestHeader(ro.col.Names(), trimmed)}
			if m.Optional {
				b.optional = append(b.optional, m)
			} else {
				b.missing = append(b.missing, m)
			}
		}
	}
	for i, h := range header {
		if !used[i] && strings.TrimSpace(h) != "" {
			b.unused = append(b.unused, strings.TrimSpace(h))
		}
	}
	if len(problems) > 0 {
		return b, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return b, nil
}

// nearestHeader returns the header most like any of names.
func nearestHeader(names, headers []string) string {
	for _, n := range names {
		if s := audit.Nearest(n, headers); s != "" {
			return s
		}
	}
	// A header containing the name, or contained in it ("Beslutsdatum" in "Datum för beslut").
	for _, n := range names {
		nn := normalize(n)
		for _, h := range headers {
			nh := normalize(h)
			if len(nh) >= 4 && len(nn) >= 4 && len(nh) <= max(3*len(nn), 24) && (strings.Contains(nh, nn) || strings.Contains(nn, nh)) {
				return h
			}
		}
	}
	return ""
}

func joinInts(idx []int) string {
	s := make([]string, len(idx))
	for i, x := range idx {
		s[i] = fmt.Sprint(x + 1)
	}
	return strings.Join(s, ", ")
}

// quoteArg quotes a command-line argument for a message when a shell would split or
// expand it: in double quotes, which both POSIX shells and Windows' cmd.exe read, with
// the characters a POSIX shell expands inside them escaped. A Windows path such as
// C:\exports\a.csv is left as it is.
func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t'\"$&;|<>()*?[]#~!{}`") {
		return s
	}
	r := strings.NewReplacer(`"`, `\"`, "$", `\$`, "`", "\\`")
	return `"` + r.Replace(s) + `"`
}
