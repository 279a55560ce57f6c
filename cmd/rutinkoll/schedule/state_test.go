package schedule

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckStateDir: jobs check finds a state file no run could write, without leaving
// anything behind where one could.
func TestCheckStateDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, state, want string
	}{
		{"writable", filepath.Join(dir, "state.json"), ""},
		{"made by the first run", filepath.Join(dir, "new", "sub", "state.json"), ""},
		{"under a file", filepath.Join(file, "state.json"), "is not a directory; the state file"},
	} {
		err := CheckStateDir(tc.state)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "set state_file")) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the check left files behind: %v", entries)
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		if err := CheckStateDir(filepath.Join(ro, "state.json")); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("read-only directory: %v", err)
		}
	}
}
