//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSS returns a finished child's peak resident set size in KiB.
func peakRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) / 1024 // bytes there
	}
	return int64(ru.Maxrss)
}

// rssMeasured tells whether peakRSS measures anything here.
const rssMeasured = true
