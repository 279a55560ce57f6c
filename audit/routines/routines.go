// Package routines embeds the routine files rutinkoll ships: the four source routines
// encoded as data, each rule citing the sentence it comes from, and their routine tests.
package routines

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
)

//go:embed *.yaml
var files embed.FS

//go:embed testdata/*_test.yaml
var tests embed.FS

// Files returns the embedded routine files, sorted by name.
func Files() []routinefile.File { return read(files, ".") }

// TestFiles returns the embedded routine test files, sorted by name.
func TestFiles() []routinefile.File { return read(tests, "testdata") }

func read(fsys embed.FS, dir string) []routinefile.File {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		panic(fmt.Sprintf("routines: embedded files unreadable: %v", err))
	}
	var out []routinefile.File
	for _, e := range entries {
		p := e.Name()
		if dir != "." {
			p = dir + "/" + p
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			panic(fmt.Sprintf("routines: embedded file %s unreadable: %v", p, err))
		}
		out = append(out, routinefile.File{Name: "embedded:" + p, Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Load loads the embedded routines into vocab.
func Load(vocab *audit.Vocabulary, opt routinefile.Options) ([]*audit.Routine, error) {
	return routinefile.Load(Files(), vocab, opt)
}
