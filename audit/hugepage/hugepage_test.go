package hugepage

import "testing"

// TestMakePlain: where no advice is given (not enabled, small, or no huge pages on
// request) Make is make([]T, 0, n).
func TestMakePlain(t *testing.T) {
	defer enabled.Store(enabled.Load())
	for _, tc := range []struct {
		name    string
		enabled bool
		n       int
	}{
		{"empty", true, 0},
		{"under MinBytes", true, MinBytes/8 - 1},
		{"not enabled", false, 4 * MinBytes / 8},
	} {
		enabled.Store(tc.enabled)
		s := Make[uint64](tc.n)
		if len(s) != 0 || cap(s) != tc.n {
			t.Errorf("%s: len %d cap %d, want 0 and %d", tc.name, len(s), cap(s), tc.n)
		}
		if tc.n > 0 {
			s = s[:tc.n]
			s[tc.n-1] = 7
		}
	}
	if pageSize() == 0 {
		enabled.Store(true)
		if s := Make[uint64](4 * MinBytes / 8); cap(s) != 4*MinBytes/8 {
			t.Errorf("no huge pages on request: cap %d, want %d", cap(s), 4*MinBytes/8)
		}
	}
}
