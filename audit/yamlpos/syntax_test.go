package yamlpos

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// head is the valid start of a routine file; every case adds broken lines after it.
const head = `routine: test
title: "Test"
rules:
  - id: T-01
    kind: duration
    from: bestallning_registrerad
    deadline: "3 vardagar"
`

// TestSyntaxProblem: the usual mistakes in a hand-edited file are named at the line and
// column to fix (the parser itself names the start of the block for most of them), with
// what to do; anything else keeps the parser's line and message.
func TestSyntaxProblem(t *testing.T) {
	tests := []struct {
		name      string
		tail      string
		line, col int
		want      string
	}{
		{"KeyIndentedFurther", "  - id: T-02\n    kind: duration\n     from: beslut\n", 10, 6, "indented further than line 9"},
		{"KeyIndentedLess", "  - id: T-02\n    kind: duration\n   from: beslut\n    to: beslut\n", 10, 4, "start it in column 5, like 'kind' on line 9, or in column 3, like '- id' on line 8, whichever block it belongs to"},
		{"ItemIndentedWrong", "   - id: T-02\n    kind: duration\n", 8, 4, "lines up with no block above it: start it in column 5, like 'deadline' on line 7, or in column 3, like '- id' on line 4,"},
		{"TabIndent", "  - id: T-02\n    kind: duration\n\tfrom: beslut\n", 10, 1, "a tab is used to indent"},
		{"TabOnBlankLine", "  - id: T-02\n    kind: duration\n\t\n    from: beslut\n", 10, 1, "blank line holds a tab"},
		{"ColonInValue", "  - id: T-02\n    title: Genomförandeplan: inom 15 dagar\n", 9, 29, `put the whole value in double quotes`},
		{"UnclosedQuote", "  - id: T-02\n    title: \"Genomförandeplan\n    kind: duration\n", 9, 12, `not closed: add the closing "`},
		{"NoSpaceAfterColon", "  - id: T-02\n    kind:duration\n    from: beslut\n", 9, 9, `write "kind: duration"`},
		{"FlowValueWithColon", "  - id: T-02\ncalendar:\n  - {date: 2026-01-02, name: a}\n  - {date: 2026-01-05, name: klämdag: före trettondedag}\n", 11, 30, `the value "klämdag: före trettondedag" has ": " in it, which YAML reads as a new key: put it in double quotes, as in name: "klämdag: före trettondedag"`},
		{"FlowValueWithMark", "  - id: T-02\ncalendar:\n  - {date: 2026-01-02, name: a}\n  - {date: 2026-05-16, name: lördag?}\n", 11, 30, `the value "lördag?" has '?' in it`},
		{"FlowMissingComma", "  - id: T-02\ncalendar:\n  - {date: 2026-01-02, name: a}\n  - {date: 2026-05-16 name: lördag}\n", 11, 23, `'name' follows the value before it without a comma: write ', name'`},
		{"FlowNotClosed", "  - id: T-02\ncalendar:\n  - {date: 2026-01-02, name: a}\n  - {date: 2026-05-16, name: lördag\n  - {date: 2026-05-17, name: b}\n", 11, 5, "the { opened here is not closed on its line: add }"},
		// A valid nested one-line mapping is never blamed; the broken line after it is.
		{"FlowNestedValidLine", "  - id: T-02\ncols:\n  case_id: {header: Ärende, aliases: [Ärendenr]}\n  event: {header: Händelse: typ}\n", 11, 19, `the value "Händelse: typ" has ": " in it`},
		{"FlowListNotClosed", "  - id: [T-02\n", 8, 9, "the [ opened here is not closed on its line: add ]"},
		{"Other", "  - id: T-02\n    title: *nope\n", 0, 0, "check the indentation and the quoting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(head + tt.tail)
			var n yaml.Node
			err := yaml.Unmarshal(data, &n)
			if err == nil {
				t.Fatal("the test file is valid YAML")
			}
			p := SyntaxProblem("r.yaml", data, err)
			if tt.line > 0 && (p.Line != tt.line || p.Column != tt.col) {
				t.Errorf("at %d:%d, want %d:%d (parser: %v): %s", p.Line, p.Column, tt.line, tt.col, err, p.Msg)
			}
			if !strings.HasPrefix(p.Msg, "not valid YAML: ") || !strings.Contains(p.Msg, tt.want) || p.File != "r.yaml" {
				t.Errorf("message %q, want it to contain %q", p.Msg, tt.want)
			}
		})
	}
}

// TestSyntaxProblemLeavesValidMultilineAlone: a plain value that goes on over several
// lines is valid YAML; a mistake further down is still found where it is.
func TestSyntaxProblemLeavesValidMultilineAlone(t *testing.T) {
	data := []byte(head + "    quote: Utföraren ska senast inom tre vardagar\n      bekräfta beställningen.\n  - id: T-02\n    kind: duration\n   from: beslut\n")
	var n yaml.Node
	err := yaml.Unmarshal(data, &n)
	if err == nil {
		t.Fatal("the test file is valid YAML")
	}
	if p := SyntaxProblem("r.yaml", data, err); p.Line != 12 {
		t.Errorf("at line %d, want 12: %s", p.Line, p.Msg)
	}
}

// FuzzSyntaxProblem: for any text the parser rejects, the problem points into the file
// (or at no line) and says something.
func FuzzSyntaxProblem(f *testing.F) {
	f.Add([]byte(head + "  - id: T-02\n     from: x\n"))
	f.Add([]byte(head + "\tfrom: x\n"))
	f.Add([]byte("a: \"b\n"))
	f.Add([]byte("- a:b\n- c\n"))
	f.Add([]byte("a: |\n  x\n b: c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var n yaml.Node
		err := yaml.Unmarshal(data, &n)
		if err == nil {
			return
		}
		p := SyntaxProblem("f.yaml", data, err)
		lines := strings.Count(string(data), "\n") + 1
		if p.Line < 0 || p.Line > lines || p.Column < 1 || len(p.Msg) <= len("not valid YAML: ") {
			t.Fatalf("problem %+v for %d lines (parser: %v)", p, lines, err)
		}
	})
}
