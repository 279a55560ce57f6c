// Package atomicfile writes output files so that a reader never sees half a file: the
// content goes to a temporary file in the same directory, which is synced and renamed
// into place only when complete. A failed write leaves the previous file untouched.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes path through fn: into a temporary file, renamed into place when fn
// and the sync succeed.
func Write(path string, fn func(w io.Writer) error) error {
	p, err := Prepare(path, fn)
	if err != nil {
		return err
	}
	return p.Commit()
}

// Pending is a complete file under a temporary name, not yet in place.
type Pending struct {
	tmp, path string
}

// Prepare writes what will become path through fn into a synced temporary file in the
// same directory, without putting it in place: Commit does, Discard removes it. On
// error nothing is left behind.
func Prepare(path string, fn func(w io.Writer) error) (p *Pending, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fn(tmp); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return nil, fmt.Errorf("sync %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return nil, fmt.Errorf("close %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return nil, fmt.Errorf("set permissions of %s: %w", path, err)
	}
	return &Pending{tmp: tmp.Name(), path: path}, nil
}

// Commit renames the file into place.
func (p *Pending) Commit() error {
	if err := os.Rename(p.tmp, p.path); err != nil {
		os.Remove(p.tmp)
		return fmt.Errorf("rename into %s: %w", p.path, err)
	}
	return nil
}

// Discard removes the temporary file; the previous file at the path stays.
func (p *Pending) Discard() { os.Remove(p.tmp) }
