package schedule

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Names in the parent of a job's output directory.
const (
	latestName     = "latest" // symlink to the newest report directory
	latestFileName = "LATEST" // text file naming it, where symlinks cannot be made
	tmpInfix       = ".tmp-"  // ".<base>.tmp-<random>": a report being written
	oldInfix       = ".old-"  // ".<base>.old-<random>": the previous report during a swap
)

// Indirections the tests replace to reach the fallbacks.
var (
	exchange = exchangeDirs
	symlink  = os.Symlink
)

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// makeTempDir creates a fresh directory beside final (so on the same file system),
// with the process umask applied to 0777 like any directory the user makes.
func makeTempDir(final string) (string, error) {
	parent, base := filepath.Split(final)
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return "", fmt.Errorf("create output parent: %w", err)
	}
	for range 10 {
		dir := filepath.Join(parent, "."+base+tmpInfix+randomSuffix())
		err := os.Mkdir(dir, 0o777)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("create temporary output directory: %w", err)
		}
	}
	return "", fmt.Errorf("create temporary output directory beside %s: too many collisions", final)
}

// cleanStale removes what an interrupted run of the job writing final left behind:
// temporary directories, and backups of the previous report. A backup is put back
// when the report itself is missing (the process died between the two renames of a
// swap). The caller holds the job's lock, so no other run is using these.
func cleanStale(final string) error {
	parent, base := filepath.Split(final)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("clean stale temporary directories: %w", err)
	}
	var errs []error
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(parent, name)
		switch {
		case strings.HasPrefix(name, "."+base+tmpInfix):
			errs = append(errs, os.RemoveAll(path))
		case strings.HasPrefix(name, "."+base+oldInfix):
			if _, err := os.Lstat(final); errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, os.Rename(path, final))
			} else {
				errs = append(errs, os.RemoveAll(path))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("clean stale temporary directories: %w", err)
	}
	return nil
}

// replaceDir moves the complete directory tmp to final. When final does not exist it
// is one rename. Otherwise, on Linux (amd64, arm64), the two directories are exchanged
// atomically with renameat2(RENAME_EXCHANGE) and the old one removed: a reader sees
// the old report or the new one, never neither. Elsewhere (and on file systems without
// RENAME_EXCHANGE) the old report is renamed to a backup, the new one renamed in and
// the backup removed; between the two renames — microseconds — final does not exist,
// and a reader opening it then gets "not found" (never a half-written report). A crash
// in that window leaves the backup, which the next run of the job puts back.
func replaceDir(tmp, final string) error {
	info, err := os.Lstat(final)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(tmp, final); err != nil {
			return fmt.Errorf("move report into place: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("move report into place: %w", err)
	case !info.IsDir():
		return fmt.Errorf("move report into place: %s exists and is not a directory", final)
	}
	if err := exchange(tmp, final); err == nil {
		// tmp now holds the previous report.
		if err := os.RemoveAll(tmp); err != nil {
			return fmt.Errorf("remove previous report: %w", err)
		}
		return nil
	}
	parent, base := filepath.Split(final)
	backup := filepath.Join(parent, "."+base+oldInfix+randomSuffix())
	if err := os.Rename(final, backup); err != nil {
		return fmt.Errorf("move previous report aside: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		if rerr := os.Rename(backup, final); rerr != nil {
			return fmt.Errorf("move report into place: %w (and restoring the previous report from %s: %v)", err, backup, rerr)
		}
		return fmt.Errorf("move report into place: %w", err)
	}
	if err := os.RemoveAll(backup); err != nil {
		return fmt.Errorf("remove previous report: %w", err)
	}
	return nil
}

// updateLatest points parent/latest at the report directory base (a relative symlink,
// replaced atomically by renaming a new link over it). Where symlinks cannot be made
// (Windows without the privilege, some network shares) it writes parent/LATEST, a text
// file holding base and a newline, also atomically. It returns the path it updated.
func updateLatest(parent, base string) (string, error) {
	link := filepath.Join(parent, latestName)
	if info, err := os.Lstat(link); err == nil && info.Mode()&fs.ModeSymlink == 0 {
		return "", fmt.Errorf("update %s: it exists and is not a symlink", link)
	}
	tmp := filepath.Join(parent, "."+latestName+tmpInfix+randomSuffix())
	if err := symlink(base, tmp); err == nil {
		if err := os.Rename(tmp, link); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("update %s: %w", link, err)
		}
		return link, nil
	}
	file := filepath.Join(parent, latestFileName)
	if err := writeFileAtomic(file, []byte(base+"\n")); err != nil {
		return "", fmt.Errorf("update %s: %w", file, err)
	}
	return file, nil
}
