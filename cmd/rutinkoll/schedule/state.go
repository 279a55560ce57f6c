package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// State is the content of the state file: the last successful run of each job. The
// scheduler reads it for catch-up; RunOnce updates it after each success.
type State struct {
	// Version is the file format's version, 1.
	Version int `json:"version"`
	// Jobs maps job names to their last successful run.
	Jobs map[string]JobState `json:"jobs"`
}

// JobState records a job's last successful run.
type JobState struct {
	Period     string    `json:"period"`      // the period's name, e.g. "2026-10"
	Start      string    `json:"start"`       // the period's first day, YYYY-MM-DD
	End        string    `json:"end"`         // the period's last day
	Asof       string    `json:"asof"`        // the brytdatum the report was made with
	OutDir     string    `json:"out_dir"`     // where the report was put
	FinishedAt time.Time `json:"finished_at"` // when the run finished
}

// AsPeriod returns the recorded period (Kind is left empty).
func (s JobState) AsPeriod() (Period, error) {
	start, err1 := audit.ParseDate(s.Start)
	end, err2 := audit.ParseDate(s.End)
	asof, err3 := audit.ParseDate(s.Asof)
	if err := errors.Join(err1, err2, err3); err != nil {
		return Period{}, fmt.Errorf("state of period %q: %w", s.Period, err)
	}
	return Period{Name: s.Period, Start: start, End: end, Asof: asof}, nil
}

// ReadState reads the state file at path. A missing file is an empty state.
func ReadState(path string) (*State, error) {
	st := &State{Version: 1, Jobs: map[string]JobState{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read state file: %w", err)
	}
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("read state file %s: %w", path, err)
	}
	if st.Jobs == nil {
		st.Jobs = map[string]JobState{}
	}
	return st, nil
}

// recordSuccess stores js as job's last successful run, unless the state file holds a
// later period for job (an earlier one made again), under the state file's lock
// so that two processes (or goroutines) never lose each other's updates.
func recordSuccess(ctx context.Context, path, job string, js JobState) error {
	unlock, err := lockWait(ctx, path+".lock", 30*time.Second)
	if err != nil {
		return fmt.Errorf("update state file: %w", err)
	}
	defer unlock()
	st, err := ReadState(path)
	if err != nil {
		return err
	}
	st.Version = 1
	if old, ok := st.Jobs[job]; ok && old.End > js.End {
		return nil // an earlier period made again: the state keeps the newest
	}
	st.Jobs[job] = js
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("update state file: %w", err)
	}
	if err := writeFileAtomic(path, append(data, '\n')); err != nil {
		return fmt.Errorf("update state file: %w", err)
	}
	return nil
}

// stateDirError says what to do when the directory of the state file (where the lock
// files go too) cannot be made or written: the jobs file names it, or holds it.
func stateDirError(statePath string, err error) error {
	return fmt.Errorf("%w; the state file %s and the jobs' lock files live in %s, which the user running rutinkoll must be able to write: "+
		"set state_file in the jobs file to a path in such a directory", err, statePath, filepath.Dir(statePath))
}

// CheckStateDir reports whether the directory of the state file can be written now, or
// made where it does not exist yet, as every run needs (jobs check). It writes and
// removes one empty file in the directory, or in its nearest existing parent.
func CheckStateDir(statePath string) error {
	dir := filepath.Dir(statePath)
	for {
		fi, err := os.Stat(dir)
		if err == nil && !fi.IsDir() {
			return stateDirError(statePath, fmt.Errorf("%s is not a directory", dir))
		}
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrNotExist) || filepath.Dir(dir) == dir {
			return stateDirError(statePath, err)
		}
		dir = filepath.Dir(dir) // the first run makes it: its parent must be writable
	}
	f, err := os.CreateTemp(dir, ".rutinkoll-check-*")
	if err != nil {
		return stateDirError(statePath, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// ErrWouldReplaceNewer is wrapped by RunOnce when a run for an earlier period would
// write over the report of a later one (an out without {{.Period}}).
var ErrWouldReplaceNewer = errors.New("this run would replace a newer report")

// newerRun returns the run of job the state file at path records when its period ends
// after p's (dates as YYYY-MM-DD compare as text): a later period than this run's.
func newerRun(path, job string, p Period) (JobState, bool) {
	st, err := ReadState(path)
	if err != nil {
		return JobState{}, false
	}
	old, ok := st.Jobs[job]
	return old, ok && old.End > p.End.String()
}

// samePath reports whether a and b name the same directory, relative paths taken from
// the working directory.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	ab, err2 := filepath.Abs(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return aa == ab
}

// writeFileAtomic writes data to a temporary file beside path, syncs it and renames it
// over path, so readers see the old or the new content and never a part.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the platform allows it; errors are
// ignored (Windows cannot open directories for syncing).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
