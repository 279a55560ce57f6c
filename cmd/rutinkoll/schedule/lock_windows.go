//go:build windows

package schedule

import (
	"errors"
	"fmt"
	"syscall"
)

// errSharingViolation is ERROR_SHARING_VIOLATION: another handle holds the file open
// without sharing.
const errSharingViolation syscall.Errno = 32

// tryLock opens path with no sharing allowed, which excludes every other opener until
// the handle is closed or the process dies. It does not use LockFileEx. Limitation: a
// backup or antivirus program that opens the lock file at that moment makes the run
// look locked; the run is then skipped and logged, and the next one proceeds.
func tryLock(path string) (func() error, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errSharingViolation) {
			return nil, fmt.Errorf("%s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() error { return syscall.CloseHandle(h) }, nil
}
