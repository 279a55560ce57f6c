package audit

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files (docs/events.md)")

// eventsDoc renders the vocabulary as Markdown: docs/events.md is generated from the
// one place the vocabulary is defined.
func eventsDoc() string {
	var b strings.Builder
	b.WriteString("# Event codes\n\nGenerated from `audit/vocabulary.go` (`go test ./audit -run TestEventsDoc -update`).\n")
	b.WriteString("Every event has a date and may have a registration date (when it was entered in the system):\n")
	b.WriteString("rules on registration lag judge the registration date of the event they name.\n")
	b.WriteString("A routine file may add its own codes under `events:`.\n\n")
	b.WriteString("| code | meaning | rules that use it |\n| --- | --- | --- |\n")
	for _, e := range BuiltinEvents {
		b.WriteString("| `" + e.Code + "` | " + e.Meaning + " | " + e.Rules + " |\n")
	}
	b.WriteString("\nInsats codes used by the shipped routines: `hemtjanst`, `boendestod`, `vard_och_omsorgsboende`, `korttidsboende`, `dagverksamhet`, `matdistribution`, `trygghetslarm`, `kontaktperson`, `ledsagning`, `avlosning`.\n")
	b.WriteString("\nFrequencies: " + "`" + strings.Join(FrequencyNames(), "`, `") + "`. Flags: `" + strings.Join(FlagNames(), "`, `") + "`.\n")
	return b.String()
}

func TestEventsDoc(t *testing.T) {
	const path = "../docs/events.md"
	want := eventsDoc()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("docs/events.md is stale: run go test ./audit -run TestEventsDoc -update")
	}
}

func TestVocabulary(t *testing.T) {
	v := NewVocabulary()
	seen := map[string]bool{}
	for _, e := range BuiltinEvents {
		if seen[e.Code] {
			t.Errorf("duplicate code %s", e.Code)
		}
		seen[e.Code] = true
		c, ok := v.Lookup(e.Code)
		if !ok || v.Name(c) != e.Code {
			t.Errorf("lookup %s", e.Code)
		}
	}
	c := v.Add(EventType{Code: "egen_handelse"})
	if c2 := v.Add(EventType{Code: "egen_handelse"}); c2 != c || v.Len() != len(BuiltinEvents)+1 {
		t.Error("Add not idempotent")
	}
	if v.Name(EventFranvaroStart) != "franvaro_start" || v.Name(EventAvslut) != "avslut" {
		t.Error("built-in code constants wrong")
	}
}

// TestShiftedRowEvent: the event of a row whose columns shifted is the one event code
// where the event column can have gone, the case id's field aside; none or two
// different ones cannot be told.
func TestShiftedRowEvent(t *testing.T) {
	beslut := code("beslut")
	for _, tc := range []struct {
		name   string
		fields []string
		want   EventCode
	}{
		{"one field too many, after the event", []string{"A", "beslut", "2026-01-01", "x", "y"}, beslut},
		{"one field too many, before the event", []string{"A", "x", "beslut", "2026-01-01", "y"}, beslut},
		{"two too few", []string{"A", "beslut"}, beslut},
		{"the same event twice", []string{"A", "beslut", "beslut", "x", "y"}, beslut},
		{"two events", []string{"A", "beslut", "insats_paborjad", "x", "y"}, NoEvent},
		{"no event", []string{"A", "x", "2026-01-01", "y", "z"}, NoEvent},
		{"an event code as the case id is not the event", []string{"insats_paborjad", "x"}, NoEvent},
		{"an event beyond the shift", []string{"A", "x", "y", "z", "beslut"}, NoEvent},
	} {
		// The header: case id, event, date, comment (4 fields).
		got := ShiftedRowEvent(len(tc.fields), 4, 1, 0, func(j int) (EventCode, bool) { return testVocab.Lookup(tc.fields[j]) })
		if got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestVocabularyFull(t *testing.T) {
	v := NewVocabulary()
	for i := 0; !v.Full(); i++ {
		c := v.Add(EventType{Code: fmt.Sprintf("egen_%d", i)})
		if v.Name(c) != fmt.Sprintf("egen_%d", i) {
			t.Fatalf("code %d names %q", c, v.Name(c))
		}
	}
	if v.Len() != MaxEventCodes {
		t.Errorf("full at %d codes, want %d", v.Len(), MaxEventCodes)
	}
	if c := v.Add(EventType{Code: "egen_0"}); v.Name(c) != "egen_0" {
		t.Error("a known code must still be found when the vocabulary is full")
	}
	defer func() {
		if recover() == nil {
			t.Error("Add of a new code to a full vocabulary did not panic")
		}
	}()
	v.Add(EventType{Code: "en_for_mycket"})
}
