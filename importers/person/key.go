package person

import (
	"bytes"
	"errors"
	"fmt"
	"os"
)

// ErrNoKey is returned by [LoadKey] when no key source is configured.
var ErrNoKey = errors.New("no pseudonym key configured")

// DefaultKeyEnv is the conventional environment variable holding the
// municipality's pseudonymization key.
const DefaultKeyEnv = "RUTINKOLL_PSEUDONYM_KEY"

// LoadKey reads the pseudonymization key from the environment variable envVar
// and/or the file at path. Either may be empty to skip that source. Leading
// and trailing white space (and a leading UTF-8 byte order mark, which some
// Windows editors add) is removed; the remaining bytes are the key as is, so a
// random string such as the output of "openssl rand -base64 32" works well.
//
// If both sources are set they must hold the same key: a silent choice between
// two different keys would change every pseudonym, so that is an error. An
// unset or empty environment variable counts as not set. If neither source
// gives a key the error wraps [ErrNoKey]; a key shorter than [MinKeyLen]
// bytes gives an error wrapping [ErrKeyTooShort]. Errors never contain the key.
func LoadKey(path, envVar string) ([]byte, error) {
	var fromEnv, fromFile []byte
	if envVar != "" {
		if v, ok := os.LookupEnv(envVar); ok {
			fromEnv = cleanKey([]byte(v))
			if len(fromEnv) > 0 && len(fromEnv) < MinKeyLen {
				return nil, fmt.Errorf("person: load key from environment variable %s: %w: %d bytes, need at least %d", envVar, ErrKeyTooShort, len(fromEnv), MinKeyLen)
			}
		}
	}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("person: load key: %w", err)
		}
		fromFile = cleanKey(b)
		if len(fromFile) < MinKeyLen {
			return nil, fmt.Errorf("person: load key from file %s: %w: %d bytes after trimming white space, need at least %d", path, ErrKeyTooShort, len(fromFile), MinKeyLen)
		}
	}
	switch {
	case len(fromEnv) > 0 && len(fromFile) > 0:
		if !bytes.Equal(fromEnv, fromFile) {
			return nil, fmt.Errorf("person: load key: environment variable %s and file %s hold different keys; set only one", envVar, path)
		}
		return fromFile, nil
	case len(fromFile) > 0:
		return fromFile, nil
	case len(fromEnv) > 0:
		return fromEnv, nil
	case envVar != "":
		return nil, fmt.Errorf("person: load key: %w: environment variable %s is unset or empty and no key file was given", ErrNoKey, envVar)
	default:
		return nil, fmt.Errorf("person: load key: %w: neither an environment variable nor a key file was given", ErrNoKey)
	}
}

// cleanKey trims white space and a leading UTF-8 byte order mark.
func cleanKey(b []byte) []byte {
	b = bytes.TrimSpace(b)
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	return bytes.TrimSpace(b)
}
