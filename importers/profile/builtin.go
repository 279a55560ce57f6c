package profile

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/profile/profiles"
)

// BuiltIn returns the built-in profiles, sorted by name: magnacura, paraply,
// generic-long and generic-wide. Each call parses them afresh, so callers may change
// the returned profiles.
func BuiltIn() []*Profile {
	names := builtinNames()
	out := make([]*Profile, 0, len(names))
	for _, n := range names {
		p, err := builtin(n)
		if err != nil {
			// The embedded profiles are tested; this is a build defect.
			panic(err)
		}
		out = append(out, p)
	}
	return out
}

// BuiltInNames returns the names of the built-in profiles, sorted.
func BuiltInNames() []string { return builtinNames() }

func builtinNames() []string {
	entries, err := fs.ReadDir(profiles.FS, ".")
	if err != nil {
		panic(fmt.Sprintf("profile: reading embedded profiles: %v", err))
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func builtin(name string) (*Profile, error) {
	data, err := profiles.FS.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("reading built-in profile %s: %w", name, err)
	}
	p, err := Parse("builtin:"+name, data)
	if err != nil {
		return nil, fmt.Errorf("built-in profile %s is invalid:\n%w", name, err)
	}
	return p, nil
}

// Lookup returns the built-in profile named name. The error lists the built-in names
// and the nearest one.
func Lookup(name string) (*Profile, error) {
	names := builtinNames()
	for _, n := range names {
		if n == name {
			return builtin(n)
		}
	}
	msg := fmt.Sprintf("no built-in profile named %q", name)
	if s := audit.Nearest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return nil, fmt.Errorf("%s (built-in profiles: %s; or give the path of a profile .yaml file)", msg, strings.Join(names, ", "))
}

// Load returns the built-in profile named nameOrPath, or else parses the profile file
// at that path. It is what --profile takes.
func Load(nameOrPath string) (*Profile, error) {
	return LoadWith(nameOrPath, nil)
}

// LoadWith is [Load] that also checks a profile file's event codes against vocab (when
// not nil) with its other problems; see [ParseWith]. A built-in profile is returned
// as it is: [Profile.Validate] checks it.
func LoadWith(nameOrPath string, vocab *audit.Vocabulary) (*Profile, error) {
	looksLikePath := strings.ContainsAny(nameOrPath, `/\`) || path.Ext(nameOrPath) != ""
	if !looksLikePath {
		return Lookup(nameOrPath)
	}
	data, err := os.ReadFile(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("cannot read profile %s: %w (built-in profiles: %s)", nameOrPath, unwrapPath(err), strings.Join(builtinNames(), ", "))
	}
	return ParseWith(nameOrPath, data, vocab)
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
