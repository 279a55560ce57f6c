package schedule

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// ErrLocked is wrapped by RunOnce when another process (or another RunOnce in this
// process) is running the same job.
//
// Lock files live beside the state file, one per job ("<state>.<job>.lock") and one
// for the state file itself ("<state>.lock"). They are never deleted: deleting a lock
// file while another process waits on it would let two processes hold "the" lock.
// On Linux, macOS and the BSDs the lock is flock(2); on Windows the lock file is held
// open without sharing, which the system also releases when the process dies; on other
// systems (Solaris, AIX, Plan 9, WebAssembly) there is no lock between processes and
// only the scheduler's own overlap guard applies.
var ErrLocked = errors.New("locked by another run")

func jobLockPath(statePath, job string) string {
	return filepath.Join(filepath.Dir(statePath), filepath.Base(statePath)+"."+job+".lock")
}

// lockWait tries to take the lock at path until it succeeds, ctx ends or timeout
// passes. Used for the state file, whose holders keep it for milliseconds.
func lockWait(ctx context.Context, path string, timeout time.Duration) (func() error, error) {
	deadline := time.Now().Add(timeout)
	for {
		unlock, err := tryLock(path)
		if err == nil || !errors.Is(err, ErrLocked) {
			return unlock, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("waited %s: %w", timeout, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s: %w", path, context.Cause(ctx))
		case <-time.After(5 * time.Millisecond):
		}
	}
}
