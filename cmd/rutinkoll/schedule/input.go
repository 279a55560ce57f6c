package schedule

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// ErrNoInput is wrapped by Input.Select when no file matches.
var ErrNoInput = errors.New("no input file")

var (
	nameDateRE  = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})-?([01][0-9])-?([0-3][0-9])(?:[^0-9]|$)`)
	nameMonthRE = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})-([01][0-9])(?:[^0-9]|$)`)
)

// names reports whether a file of in.Dir named name is one Select considers: it
// matches the glob and is not hidden.
func (in Input) names(name string) bool {
	ok, _ := filepath.Match(in.Glob, name)
	return ok && name[0] != '.'
}

// Matching counts the regular files of in.Dir that Select considers, whatever their
// dates: jobs check notes a job none of whose exports has arrived yet.
func (in Input) Matching() (int, error) {
	entries, err := os.ReadDir(in.Dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if in.names(e.Name()) && e.Type().IsRegular() {
			n++
		}
	}
	return n, nil
}

// Select returns the files the run for period p reads, sorted by name:
//
//   - pick newest: the regular file matching Glob in Dir with the latest modification
//     time (ties go to the greatest name);
//   - pick period: every matching regular file whose date falls in p. A file's date is
//     the first date in its name (2026-10-31 or 20261031; a month 2026-10 counts as
//     its first day), or else its modification time's date in loc.
//
// It wraps ErrNoInput when nothing matches.
func (in Input) Select(p Period, loc *time.Location) ([]string, error) {
	entries, err := os.ReadDir(in.Dir)
	if err != nil {
		return nil, fmt.Errorf("input dir: %w", err)
	}
	type candidate struct {
		path  string
		mtime time.Time
	}
	var cands []candidate
	for _, e := range entries {
		if !in.names(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // removed while listing
			}
			return nil, fmt.Errorf("input file: %w", err)
		}
		if !info.Mode().IsRegular() {
			continue
		}
		cands = append(cands, candidate{filepath.Join(in.Dir, e.Name()), info.ModTime()})
	}
	var out []string
	switch in.Pick {
	case PickPeriod:
		for _, c := range cands {
			d, ok := nameDate(filepath.Base(c.path))
			if !ok {
				d = audit.DateFromTime(c.mtime.In(loc))
			}
			if p.Contains(d) {
				out = append(out, c.path)
			}
		}
	default: // PickNewest
		if len(cands) > 0 {
			newest := slices.MaxFunc(cands, func(a, b candidate) int {
				if c := a.mtime.Compare(b.mtime); c != 0 {
					return c
				}
				return cmp.Compare(a.path, b.path)
			})
			out = []string{newest.path}
		}
	}
	if len(out) == 0 {
		what := "matches"
		if in.Pick == PickPeriod {
			what = "of period " + p.Name + " matches"
		}
		return nil, fmt.Errorf("%w %s %s; put the export there, or correct the job's input (dir, glob)", ErrNoInput, what, filepath.Join(in.Dir, in.Glob))
	}
	slices.Sort(out)
	return out, nil
}

// nameDate returns the first valid date in a file name.
func nameDate(name string) (audit.Date, bool) {
	for _, m := range nameDateRE.FindAllStringSubmatch(name, -1) {
		if d, err := audit.ParseDate(m[1] + "-" + m[2] + "-" + m[3]); err == nil {
			return d, true
		}
	}
	for _, m := range nameMonthRE.FindAllStringSubmatch(name, -1) {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			return audit.DateOf(y, time.Month(mo), 1), true
		}
	}
	return 0, false
}
