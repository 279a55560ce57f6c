//go:build linux && (amd64 || arm64)

package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestExchangeDirs(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "name"), []byte(filepath.Base(d)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := exchangeDirs(a, b); err != nil {
		if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSYS) {
			t.Skipf("file system without RENAME_EXCHANGE: %v", err)
		}
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(a, "name")); string(got) != "b" {
		t.Errorf("a/name = %q after exchange, want b", got)
	}
	if err := exchangeDirs(a, filepath.Join(dir, "missing")); err == nil {
		t.Error("exchange with a missing directory succeeded")
	}
}
