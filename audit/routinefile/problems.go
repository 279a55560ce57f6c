// Package routinefile reads routine files, local policy files and routine test files
// (YAML) into the audit package's types, validating them strictly: every problem is
// reported with file:line:column, all problems at once, with a suggestion where a name
// is misspelt.
package routinefile

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/yamlpos"
)

// Problem is one thing wrong in a routine, calendar, policy or test file, with its position.
type Problem = yamlpos.Problem

// Problems is the error returned for an invalid file: every problem found, in
// position order.
type Problems = yamlpos.Problems

// walker decodes yaml.Nodes by hand so that every error carries a position.
type walker struct {
	file     string
	problems Problems
}

func (w *walker) errorf(n *yaml.Node, format string, args ...any) {
	p := Problem{File: w.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	w.problems = append(w.problems, p)
}

// mapping returns the key→value nodes of a mapping node, reporting unknown and
// duplicate keys. where names the thing for messages ("rule \"PAR-01\"").
func (w *walker) mapping(n *yaml.Node, where string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		w.errorf(n, "%s: expected a mapping (key: value lines), found %s", where, yamlpos.KindName(n))
		return out
	}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := keys[k.Value]; dup {
			w.errorf(k, "%s: field '%s' given twice", where, k.Value)
			continue
		}
		keys[k.Value] = k
		if !slices.Contains(allowed, k.Value) {
			msg := fmt.Sprintf("%s: unknown field '%s'", where, k.Value)
			if s := audit.Nearest(k.Value, allowed); s != "" {
				msg += fmt.Sprintf("; did you mean '%s'?", s)
			} else {
				msg += "; valid fields: " + strings.Join(allowed, ", ")
			}
			w.errorf(k, "%s", msg)
			continue
		}
		out[k.Value] = v
	}
	return out
}

func (w *walker) str(n *yaml.Node, where, field string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		w.errorf(n, "%s: field '%s': expected text, found %s", where, field, yamlpos.KindName(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (w *walker) boolean(n *yaml.Node, where, field string) *bool {
	if n == nil {
		return nil
	}
	var b bool
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "true", "yes", "ja":
		b = true
	case "false", "no", "nej":
		b = false
	default:
		w.errorf(n, "%s: field '%s': expected true or false (yes/no, ja/nej), found %s", where, field, yamlpos.KindName(n))
		return nil
	}
	return &b
}

func (w *walker) integer(n *yaml.Node, where, field string) int {
	if n == nil {
		return 0
	}
	var i int
	if n.Kind != yaml.ScalarNode || n.Decode(&i) != nil || i < 0 {
		w.errorf(n, "%s: field '%s': expected a whole number of 0 or more, found %s", where, field, yamlpos.KindName(n))
		return 0
	}
	return i
}

func (w *walker) list(n *yaml.Node, where, field string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	if n.Kind != yaml.SequenceNode {
		w.errorf(n, "%s: field '%s': expected a list, found %s", where, field, yamlpos.KindName(n))
		return nil
	}
	return n.Content
}

func (w *walker) strings(n *yaml.Node, where, field string) []string {
	var out []string
	for _, e := range w.list(n, where, field) {
		if s := w.str(e, where, field); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// insatsCodes reads a list of insats codes, reporting any not written as a code or
// one letter off a known one (audit.InsatsProblem).
func (w *walker) insatsCodes(n *yaml.Node, where, field string) []string {
	var out []string
	for _, e := range w.list(n, where, field) {
		if s := w.str(e, where, field); s != "" {
			if msg := audit.InsatsProblem(s); msg != "" {
				w.errorf(e, "%s: field '%s': %s", where, field, msg)
			}
			out = append(out, s)
		}
	}
	return out
}

func (w *walker) date(n *yaml.Node, where, field string) audit.Date {
	s := w.str(n, where, field)
	if s == "" {
		return audit.NoDate
	}
	d, err := audit.ParseDate(s)
	if err != nil {
		w.errorf(n, "%s: field '%s': %v", where, field, err)
		return audit.NoDate
	}
	return d
}

// requiredDate is date for field n of the mapping at parent, which must be there:
// missing (reported at parent) and empty are problems too. label names the field in
// those messages, hint what the date is.
func (w *walker) requiredDate(parent, n *yaml.Node, where, field, label, hint string) audit.Date {
	switch {
	case n == nil:
		w.errorf(parent, "%s: %s is missing", where, label)
	case n.Kind == yaml.ScalarNode && strings.TrimSpace(n.Value) == "":
		w.errorf(n, "%s: %s is empty; give %s as YYYY-MM-DD", where, label, hint)
	}
	return w.date(n, where, field)
}

// document parses data as one YAML document and returns its root mapping node.
func (w *walker) document(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		w.problems = append(w.problems, yamlpos.SyntaxProblem(w.file, data, err))
		return nil
	}
	if len(doc.Content) == 0 {
		w.errorf(nil, "the file is empty")
		return nil
	}
	return doc.Content[0]
}
