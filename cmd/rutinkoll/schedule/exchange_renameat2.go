//go:build linux && (amd64 || arm64)

package schedule

import (
	"os"
	"syscall"
	"unsafe"
)

const renameExchange = 0x2 // RENAME_EXCHANGE

// exchangeDirs swaps the directories a and b atomically with renameat2. It fails
// (EINVAL, ENOSYS) on file systems and kernels that do not support the exchange; the
// caller then falls back to two renames.
func exchangeDirs(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	atFDCWD := -100
	_, _, errno := syscall.Syscall6(sysRenameat2,
		uintptr(atFDCWD), uintptr(unsafe.Pointer(pa)),
		uintptr(atFDCWD), uintptr(unsafe.Pointer(pb)),
		renameExchange, 0)
	if errno != 0 {
		return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: errno}
	}
	return nil
}
