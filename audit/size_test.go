package audit

import (
	"testing"
	"unsafe"
)

// TestCompactRecords: an audit of a million cases holds a million cases, about ten
// million events and more than ten million verdicts, so their size is their memory. A field added to
// either should be a decision, not an accident.
func TestCompactRecords(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want uintptr
	}{
		{"Event", unsafe.Sizeof(Event{}), 12},
		{"Verdict", unsafe.Sizeof(Verdict{}), 36},
		{"Case", unsafe.Sizeof(Case{}), 80},
	} {
		if tc.got > tc.want {
			t.Errorf("%s is %d bytes, budget %d", tc.name, tc.got, tc.want)
		}
	}
}
