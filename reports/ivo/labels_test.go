package ivo

import (
	"regexp"
	"strings"
	"testing"
)

// verbRE matches the format verbs the label tables use.
var verbRE = regexp.MustCompile(`%(d|s|v|\.\df)`)

// TestLabelsFormat checks that a label with a format verb escapes every other per
// cent sign (it goes through fmt), and that a label without one has no "%%" (it is
// printed as is).
func TestLabelsFormat(t *testing.T) {
	for key, v := range labelTable {
		for i, s := range v {
			rest := strings.ReplaceAll(s, "%%", "")
			hasVerb := verbRE.MatchString(rest)
			switch {
			case hasVerb && strings.Count(verbRE.ReplaceAllString(rest, ""), "%") > 0:
				t.Errorf("%s[%d]: a bare %% beside a format verb: %q", key, i, s)
			case !hasVerb && strings.Contains(s, "%%"):
				t.Errorf("%s[%d]: %%%% in a label printed as is: %q", key, i, s)
			}
			if v[0] == "" || v[1] == "" {
				t.Errorf("%s: a language is missing", key)
			}
		}
	}
}
