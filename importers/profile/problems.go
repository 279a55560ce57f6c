package profile

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/yamlpos"
)

// Problem is one thing wrong in a profile file, with its position.
type Problem = yamlpos.Problem

// Problems is the error returned for an invalid file: every problem found, in
// position order.
type Problems = yamlpos.Problems

// walker decodes yaml.Nodes by hand so that every problem carries a position (the
// approach of audit/routinefile).
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

func (w *walker) errorAt(pos Pos, format string, args ...any) {
	w.problems = append(w.problems, Problem{File: w.file, Line: pos.Line, Column: pos.Column, Msg: fmt.Sprintf(format, args...)})
}

func posOf(n *yaml.Node) Pos {
	if n == nil {
		return Pos{}
	}
	return Pos{n.Line, n.Column}
}

// document parses data as one YAML document and returns its root node.
func (w *walker) document(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		w.problems = append(w.problems, yamlpos.SyntaxProblem(w.file, data, err))
		return nil
	}
	if len(doc.Content) == 0 {
		w.errorf(nil, "the profile is empty; see docs/profiles.md for the format")
		return nil
	}
	return doc.Content[0]
}

// keyed is a mapping's value node together with its key node (for positions).
type keyed struct {
	key, val *yaml.Node
}

// mapping returns the fields of a mapping node, reporting unknown and duplicate keys.
// where names the thing in messages ("columns.insats").
func (w *walker) mapping(n *yaml.Node, where string, allowed ...string) map[string]keyed {
	out := map[string]keyed{}
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		w.errorf(n, "%s: expected a mapping (key: value lines), found %s", where, yamlpos.KindName(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := out[k.Value]; dup {
			w.errorf(k, "%s: field '%s' given twice", where, k.Value)
			continue
		}
		if allowed != nil && !contains(allowed, k.Value) {
			msg := fmt.Sprintf("%s: unknown field '%s'", where, k.Value)
			if s := audit.Nearest(k.Value, allowed); s != "" {
				msg += fmt.Sprintf("; did you mean '%s'?", s)
			} else {
				msg += "; valid fields: " + strings.Join(allowed, ", ")
			}
			w.errorf(k, "%s", msg)
			continue
		}
		out[k.Value] = keyed{k, v}
	}
	return out
}

// pairs returns a mapping's key/value nodes in order (for maps with free keys).
func (w *walker) pairs(n *yaml.Node, where string) []keyed {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		w.errorf(n, "%s: expected a mapping (key: value lines), found %s", where, yamlpos.KindName(n))
		return nil
	}
	var out []keyed
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, keyed{n.Content[i], n.Content[i+1]})
	}
	return out
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// str returns a scalar's text, trimmed.
func (w *walker) str(n *yaml.Node, where string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		w.errorf(n, "%s: expected text, found %s", where, yamlpos.KindName(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// boolean reads true/false (yes/no, ja/nej).
func (w *walker) boolean(n *yaml.Node, where string) bool {
	if n == nil {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "true", "yes", "ja":
		return true
	case "false", "no", "nej":
		return false
	}
	w.errorf(n, "%s: expected true or false, found %s", where, yamlpos.KindName(n))
	return false
}

// list returns the elements of a sequence; a scalar is a list of one.
func (w *walker) list(n *yaml.Node, where string) []*yaml.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return []*yaml.Node{n}
	case yaml.SequenceNode:
		return n.Content
	}
	w.errorf(n, "%s: expected a list, found %s", where, yamlpos.KindName(n))
	return nil
}
