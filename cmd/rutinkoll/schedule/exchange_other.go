//go:build !(linux && (amd64 || arm64))

package schedule

import "errors"

// exchangeDirs is not available here; replaceDir falls back to two renames.
func exchangeDirs(a, b string) error {
	return errors.New("atomic directory exchange is not supported on this platform")
}
