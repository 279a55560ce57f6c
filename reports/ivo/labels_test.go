package ivo

import "testing"

// TestLabelsFormat checks every text of the table: both languages, and per cent signs
// escaped where the text goes through fmt (reports.LabelTable.Problems).
func TestLabelsFormat(t *testing.T) {
	for _, p := range labelTable.Problems() {
		t.Error(p)
	}
}
