// Package atomicfile writes output files so that a reader never sees half a file: the
// content goes to a temporary file in the same directory, which is synced and renamed
// into place only when complete. A failed write leaves the previous file untouched.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
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
//
// Temporary files of path that an earlier run left behind (it crashed or was killed
// while writing) and that are older than a day are removed first.
func Prepare(path string, fn func(w io.Writer) error) (p *Pending, err error) {
	dir := filepath.Dir(path)
	removeStale(dir, filepath.Base(path), time.Now().Add(-staleAfter))
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

// staleAfter is the age past which a temporary file is taken to be left over: no
// report takes a day to write, so no run still writes it.
const staleAfter = 24 * time.Hour

// removeStale removes the temporary files of the output named base in dir (and kept
// previous files, see CommitAll) last modified before cutoff. Errors are ignored: a
// file that cannot be removed is only clutter.
func removeStale(dir, base string, cutoff time.Time) {
	matches, err := filepath.Glob(filepath.Join(dir, "."+escapeGlob(base)+".tmp-*"))
	if err != nil {
		return
	}
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(cutoff) {
			_ = os.Remove(m)
		}
	}
}

// escapeGlob quotes the characters filepath.Match treats specially.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			if runtime.GOOS == "windows" {
				b.WriteString("[" + string(r) + "]")
				continue
			}
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
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

// CommitAll puts every pending file in place, or none of them. A file already at a
// path is first kept under a second name (a hard link where the file system allows,
// so the path never stands empty), then replaced by a rename. When a rename fails (the
// path is a directory, or a file held open where the system forbids replacing it), the
// files put in place so far are put back as they were, the new files are discarded,
// and the error says which previous file could not be put back, if any. A crash in the
// middle may leave a kept file under a hidden ".NAME.tmp-….old" name beside its path;
// Prepare removes it a day later.
func CommitAll(ps []*Pending) error {
	type placed struct {
		p      *Pending
		backup string // the previous file's second name; "" if there was none
	}
	var done []placed
	fail := func(i int, err error) error {
		errs := []error{err}
		for j := len(done) - 1; j >= 0; j-- {
			d := done[j]
			var rerr error
			if d.backup != "" {
				rerr = os.Rename(d.backup, d.p.path)
			} else {
				rerr = os.Remove(d.p.path)
			}
			switch {
			case rerr == nil:
			case d.backup != "":
				errs = append(errs, fmt.Errorf("%s could not be put back as it was (the previous file is kept as %s): %w", d.p.path, d.backup, rerr))
			default:
				errs = append(errs, fmt.Errorf("the new %s could not be removed again: %w", d.p.path, rerr))
			}
		}
		for _, p := range ps[i:] {
			p.Discard()
		}
		return errors.Join(errs...)
	}
	for i, p := range ps {
		backup := ""
		if fi, err := os.Lstat(p.path); err == nil {
			if fi.IsDir() {
				return fail(i, fmt.Errorf("cannot replace %s: it is a directory; move it away or choose another output name", p.path))
			}
			backup = p.tmp + ".old"
			if err := os.Link(p.path, backup); err != nil {
				// No hard links here: move it aside for the moment of the rename.
				if err := os.Rename(p.path, backup); err != nil {
					return fail(i, fmt.Errorf("cannot replace %s (is it open in another program?): %w", p.path, err))
				}
			}
		}
		if err := os.Rename(p.tmp, p.path); err != nil {
			if backup != "" {
				if _, serr := os.Lstat(p.path); serr != nil {
					_ = os.Rename(backup, p.path) // moved aside: put it back
				} else {
					_ = os.Remove(backup)
				}
			}
			return fail(i, fmt.Errorf("cannot replace %s (is it open in another program?): %w", p.path, err))
		}
		done = append(done, placed{p, backup})
	}
	for _, d := range done {
		if d.backup != "" {
			_ = os.Remove(d.backup)
		}
	}
	return nil
}
