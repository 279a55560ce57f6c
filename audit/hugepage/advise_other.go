//go:build !linux

package hugepage

import "unsafe"

// advise does nothing: huge pages are asked for on Linux only.
func advise(unsafe.Pointer, uintptr) {}

// pageSize is 0: no huge pages are asked for.
func pageSize() uintptr { return 0 }

// canPopulate is false: memory is backed by writing to it.
func canPopulate() bool { return false }

// populate does nothing (canPopulate is false).
func populate(unsafe.Pointer, uintptr) {}
