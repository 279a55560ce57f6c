//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package schedule

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// tryLock takes an exclusive flock(2) on path without waiting. The returned function
// releases it. flock locks belong to the open file, so two tryLock calls in one
// process exclude each other too.
func tryLock(path string) (func() error, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// The holder's process id, for a person wondering who holds the lock.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f.Close, nil // closing the file releases the lock
}
