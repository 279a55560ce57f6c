package profile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// parseGender reads K/M in the common spellings; "" is unknown (0) and fine.
func parseGender(s string) (byte, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return 0, true
	case "k", "kvinna", "f", "female", "kv":
		return 'K', true
	case "m", "man", "male":
		return 'M', true
	}
	return 0, false
}

// parseYesNo reads the yes/no texts exports use for a flag column.
func parseYesNo(s string) (yes, ok bool) {
	switch normalize(s) {
	case "", "nej", "n", "no", "false", "falskt", "0", "-":
		return false, true
	case "ja", "j", "yes", "y", "true", "sant", "1", "x":
		return true, true
	}
	return false, false
}

// mapper looks texts up in a column's value map, caching results by the raw text so
// that the hot path does not normalise (and allocate) again for every row.
type mapper struct {
	vm    *ValueMap
	cache map[string]mapped
}

type mapped struct {
	to string
	ok bool
}

const maxMapperCache = 4096

func newMapper(c *Column) *mapper {
	if c == nil || c.Values == nil {
		return nil
	}
	return &mapper{vm: c.Values, cache: make(map[string]mapped)}
}

// lookup returns the code for raw (a trimmed, non-empty cell).
func (m *mapper) lookup(raw string) (string, bool) {
	if r, ok := m.cache[raw]; ok {
		return r.to, r.ok
	}
	to, ok := m.vm.Lookup(raw)
	if len(m.cache) < maxMapperCache {
		m.cache[strings.Clone(raw)] = mapped{to, ok}
	}
	return to, ok
}

// unknownValue explains a text that is not in a value map, with the nearest known text.
func unknownValue(header, raw string, vm *ValueMap, where string) string {
	msg := fmt.Sprintf("%s %q is not in the profile's list of values for this column", header, raw)
	if s := audit.Nearest(raw, vm.From); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += fmt.Sprintf(" (known: %s)", quoteSome(vm.From, 8))
	}
	return msg + fmt.Sprintf("; add it under %s.values in the profile, or correct the export", where)
}

// quoteSome quotes up to n strings, sorted, and says how many more there are.
func quoteSome(s []string, n int) string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	var b strings.Builder
	for i, x := range s {
		if i == n {
			fmt.Fprintf(&b, " and %d more", len(s)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", x)
	}
	return b.String()
}

// detailValue makes a cell safe as a details value: one line, no '|' (the pair
// separator), no personnummer.
func detailValue(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "|\r\n") {
		s = strings.NewReplacer("|", "/", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	}
	return s
}
