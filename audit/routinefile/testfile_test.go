package routinefile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

func TestPeekRoutines(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want []RoutineRef
	}{
		{"flow list", "routines: [paraply, /abs/x.yaml]\ntests: []\n", []RoutineRef{{"paraply", 1, 12}, {"/abs/x.yaml", 1, 21}}},
		{"block list", "tests: []\nroutines:\n  - min-rutin.yaml\n", []RoutineRef{{"min-rutin.yaml", 3, 5}}},
		{"one name", "routines: paraply\n", []RoutineRef{{"paraply", 1, 11}}},
		{"none", "tests: []\n", nil},
		{"not a mapping", "- a\n- b\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PeekRoutines(File{"t_test.yaml", []byte(tc.data)})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestRoutineFileKey(t *testing.T) {
	for _, tc := range []struct {
		name      string
		data      string
		key       string
		line, col int
		isRoutine bool
	}{
		{"routine file", validRoutine, "routine", 1, 1, true},
		{"rules list only", "# comment\nrules:\n  - id: X-01\n", "rules", 2, 1, true},
		{"test file", "routines: [paraply]\ntests: []\n", "", 0, 0, false},
		{"test file with misspelt routines", "routine: [paraply]\ntests: []\n", "", 0, 0, false},
		{"policy file", "rules:\n  SOL-BS-10: {deadline: \"5 vardagar\"}\n", "", 0, 0, false},
		{"not YAML", "routine: [\n", "", 0, 0, false},
		{"empty", "", "", 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, line, col, ok := RoutineFileKey(File{"x.yaml", []byte(tc.data)})
			if key != tc.key || line != tc.line || col != tc.col || ok != tc.isRoutine {
				t.Errorf("got %q %d:%d %v, want %q %d:%d %v", key, line, col, ok, tc.key, tc.line, tc.col, tc.isRoutine)
			}
		})
	}
}

func TestParseTestFileNoExpectations(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"no tests", "tests: []\n", "t_test.yaml:1:1: test file: no tests"},
		{"no expect", "tests:\n  - name: x\n    asof: 2026-03-01\n    cases:\n      - {id: A, insats: hemtjanst}\n",
			`t_test.yaml:2:5: test "x": no expectations (field 'expect' is missing or empty)`},
		{"empty expect", "tests:\n  - name: x\n    asof: 2026-03-01\n    cases:\n      - {id: A, insats: hemtjanst}\n    expect: []\n",
			`t_test.yaml:2:5: test "x": no expectations`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTestFile(File{"t_test.yaml", []byte(tc.data)}, audit.NewVocabulary())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseTestFileEventDate(t *testing.T) {
	const head = "tests:\n  - name: x\n    asof: 2026-03-01\n    cases:\n      - id: A\n        insats: hemtjanst\n        events:\n"
	const tail = "    expect:\n      - {case: A, rule: X-01, verdict: i tid}\n"
	for _, tc := range []struct {
		name, event, want string
	}{
		{"missing", "{event: beslut}", `t_test.yaml:8:13: test "x": event: field 'date' is missing`},
		{"empty", `{event: beslut, date: ""}`, `t_test.yaml:8:35: test "x": event: field 'date' is empty; give the event's date as YYYY-MM-DD`},
		{"blank", `{event: beslut, date: "  "}`, `t_test.yaml:8:35: test "x": event: field 'date' is empty`},
		{"bad", "{event: beslut, date: 2026-02-30}", `t_test.yaml:8:35: test "x": field 'date': `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := head + "          - " + tc.event + "\n" + tail
			_, err := ParseTestFile(File{"t_test.yaml", []byte(data)}, audit.NewVocabulary())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseTestFileAsofAndLongID(t *testing.T) {
	const tail = "    cases:\n      - {id: A, insats: hemtjanst}\n    expect:\n      - {case: A, rule: X-01, verdict: i tid}\n"
	long := strings.Repeat("å", audit.MaxCaseText)
	for _, tc := range []struct {
		name, data, want string
	}{
		{"asof missing", "tests:\n  - name: x\n" + tail, `t_test.yaml:2:5: test "x": field 'asof' (the brytdatum) is missing`},
		{"asof empty", "tests:\n  - name: x\n    asof: \"\"\n" + tail, `t_test.yaml:3:11: test "x": field 'asof' (the brytdatum) is empty; give it as YYYY-MM-DD`},
		{"id too long", "tests:\n  - name: x\n    asof: 2026-03-01\n    cases:\n      - {id: " + long + ", insats: hemtjanst, flags: [okänd]}\n    expect:\n      - {case: A, rule: X-01, verdict: i tid}\n",
			`t_test.yaml:5:14: test "x": case: field 'id' ("` + strings.Repeat("å", 40) + `…") is 131070 bytes long; a case keeps at most 65535`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTestFile(File{"t_test.yaml", []byte(tc.data)}, audit.NewVocabulary())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %.300v, want it to contain %q", err, tc.want)
			}
			if len(err.Error()) > 2000 {
				t.Errorf("error of %d bytes: the long id is repeated", len(err.Error()))
			}
		})
	}
}

func TestParseTestFileEventDetails(t *testing.T) {
	const head = "tests:\n  - name: x\n    asof: 2026-03-01\n    cases:\n      - id: A\n        insats: hemtjanst\n        events:\n"
	const tail = "    expect:\n      - {case: A, rule: X-01, verdict: i tid}\n"
	t.Run("one event per line keeps its details", func(t *testing.T) {
		data := head +
			"          - {event: beslut, date: 2026-01-15, details: \"a=1\"}\n" +
			"          - {event: beslut, date: 2026-01-15, details: \"a=2\"}\n" + tail
		tf, err := ParseTestFile(File{"t_test.yaml", []byte(data)}, audit.NewVocabulary())
		if err != nil {
			t.Fatal(err)
		}
		c := &tf.Tests[0].Dataset.Cases[0]
		var got []string
		for i := range c.Events {
			v, _ := c.Detail(&c.Events[i], "a")
			got = append(got, v)
		}
		if !reflect.DeepEqual(got, []string{"1", "2"}) {
			t.Errorf("details a = %q, want [1 2]", got)
		}
	})
	t.Run("two alike events on one line are refused", func(t *testing.T) {
		data := head +
			"          [{event: beslut, date: 2026-01-15, details: \"a=1\"}, {event: beslut, date: 2026-01-15, details: \"a=2\"}]\n" + tail
		data = strings.Replace(data, "events:\n          [", "events: [", 1)
		_, err := ParseTestFile(File{"t_test.yaml", []byte(data)}, audit.NewVocabulary())
		want := `t_test.yaml:7:69: test "x": case "A": two 'beslut' events dated 2026-01-15 on line 7 (columns 18 and 69); put each event on its own line`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want it to contain %q", err, want)
		}
	})
}
