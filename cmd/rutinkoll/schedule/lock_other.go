//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package schedule

import (
	"fmt"
	"sync"
)

// On these systems there is no lock between processes; tryLock only excludes runs
// within this process, so two scheduler processes can run the same job at once.
var (
	localLocksMu sync.Mutex
	localLocks   = map[string]bool{}
)

func tryLock(path string) (func() error, error) {
	localLocksMu.Lock()
	defer localLocksMu.Unlock()
	if localLocks[path] {
		return nil, fmt.Errorf("%s: %w", path, ErrLocked)
	}
	localLocks[path] = true
	return func() error {
		localLocksMu.Lock()
		defer localLocksMu.Unlock()
		delete(localLocks, path)
		return nil
	}, nil
}
