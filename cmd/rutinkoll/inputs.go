package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/canonical"
	"github.com/rutinkoll/rutinkoll/importers/person"
	"github.com/rutinkoll/rutinkoll/importers/profile"
)

// inputData is what the importers made of the input files.
type inputData struct {
	dataset    *audit.Dataset
	identities map[string]string // pseudonym → personnummer, only with --identities
	stats      []audit.InputStats
	rejected   []audit.Rejection
	duplicates []audit.Rejection
	// holds is audit.Options.Holds: nil for canonical files; for an import through a
	// profile, the events the profile maps or that occur in the data at all.
	holds func(audit.EventCode) bool
}

// importOptions choose how input files are read: the canonical event CSV, or an
// export through an import profile (which needs the municipality's pseudonym key).
type importOptions struct {
	profile    string // built-in profile name or a profile file; "" = canonical CSV
	keyFile    string
	identities bool // keep pseudonym → personnummer for the xlsx (--identities)
}

func (o *importOptions) register(fs *flagSet) {
	fs.StringVar(&o.profile, "profile", "", "import `PROFILE` (built-in name such as magnacura, paraply, generic-long, generic-wide, or a profile file); default: canonical event CSV")
	fs.StringVar(&o.keyFile, "key-file", "", "`FILE` holding the municipality's pseudonym key (or set "+person.DefaultKeyEnv+")")
}

// readInputs reads every input into one dataset, merging cases by id. It fails, before
// anything is written, when a file cannot be used at all.
func readInputs(inputs []namedInput, vocab *audit.Vocabulary, log *slog.Logger, o importOptions) (*inputData, error) {
	if o.profile != "" {
		return readProfileInputs(inputs, vocab, log, o)
	}
	for _, in := range inputs {
		if ext := strings.ToLower(filepath.Ext(in.name)); ext == ".xlsx" || ext == ".xlsm" {
			return nil, fmt.Errorf("%s: an Excel workbook is read through an import profile, not as a canonical event file: add --profile NAME (rutinkoll profiles list; generic-long or generic-wide for a plain list)", in.name)
		}
	}
	defer gcForImport(inputs)()
	b := canonical.NewBuilder(vocab)
	for _, in := range inputs {
		rc, err := in.open()
		if err != nil {
			return nil, err
		}
		f, isFile := rc.(*os.File)
		var fi os.FileInfo
		if isFile && in.path != "" {
			fi, err = f.Stat()
		}
		switch {
		case err != nil:
		case fi != nil && fi.Mode().IsRegular():
			// A file on disk is parsed in blocks on every core; same result as ReadFile.
			err = b.ReadFileAt(in.name, f, fi.Size(), 0)
		default:
			// A pipe, a FIFO or data in memory: read as it comes.
			err = b.ReadFile(in.name, rc)
		}
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	ds := b.Dataset()
	for _, st := range b.Stats {
		log.Info("input read", "file", st.File, "rows", st.Read, "imported", st.Imported, "rejected", st.Rejected, "duplicates", st.Duplicates)
	}
	return &inputData{dataset: ds, stats: b.Stats, rejected: b.Rejected}, nil
}

func readProfileInputs(inputs []namedInput, vocab *audit.Vocabulary, log *slog.Logger, o importOptions) (*inputData, error) {
	p, err := profile.LoadWith(o.profile, vocab)
	if err != nil {
		return nil, err
	}
	var ps *person.Pseudonymizer
	key, kerr := person.LoadKey(o.keyFile, person.DefaultKeyEnv)
	if kerr == nil {
		if ps, err = person.NewPseudonymizer(key); err != nil {
			return nil, fmt.Errorf("pseudonym key: %w", err)
		}
	} else if !errors.Is(kerr, person.ErrNoKey) {
		return nil, fmt.Errorf("pseudonym key: %w", kerr)
	}
	var files []profile.Input
	for _, in := range inputs {
		files = append(files, profile.FileInput(in.name))
	}
	popt := profile.Options{Pseudonymizer: ps}
	if o.identities {
		popt.Identities = map[string]string{}
	}
	res, err := profile.Import(context.Background(), files, p, vocab, popt)
	if errors.Is(err, profile.ErrNoPseudonymizer) {
		return nil, fmt.Errorf("%w: put the municipality's secret key (at least 16 characters) in a file and pass --key-file FILE, or set the environment variable %s (see docs/profiles.md)", err, person.DefaultKeyEnv)
	}
	if err != nil {
		return nil, err
	}
	for i, st := range res.Stats {
		args := []any{"file", st.File, "profile", p.Name, "read", st.Read, "imported", st.Imported, "rejected", st.Rejected, "duplicates", st.Duplicates}
		if i < len(res.Files) {
			fi := res.Files[i]
			args = append(args, "encoding", fi.Encoding, "delimiter", fi.Delimiter, "sheet", fi.Sheet)
			if len(fi.Unused) > 0 {
				args = append(args, "unused_columns", strings.Join(fi.Unused, ", "))
			}
			if fi.Redacted > 0 {
				args = append(args, "redacted_personnummer", fi.Redacted)
			}
		}
		log.Info("input read", args...)
	}
	return &inputData{dataset: res.Dataset, stats: res.Stats, rejected: res.Rejected, duplicates: res.Duplicates, identities: popt.Identities,
		holds: profileHolds(p, vocab, res.Dataset)}, nil
}

// profileHolds returns which events an export read through p can show: those its
// value maps name, and any event that occurs in the data (a row may carry an event
// code as such). nil when the profile reads event codes as written.
func profileHolds(p *profile.Profile, vocab *audit.Vocabulary, ds *audit.Dataset) func(audit.EventCode) bool {
	mapped := p.Holds(vocab)
	if mapped == nil {
		return nil
	}
	occurs := map[audit.EventCode]bool{}
	for i := range ds.Cases {
		for _, e := range ds.Cases[i].Events {
			occurs[e.Code] = true
		}
	}
	return func(c audit.EventCode) bool { return mapped(c) || occurs[c] }
}

// gcForImport tunes the garbage collector while canonical files are read, and returns
// the function to call when they are. For large inputs it collects less often while
// reading (GOGC 400 instead of 100): the importer's data are nearly all live, and each
// collection scanned them; at 10M events the import's collections went from 0.23 to
// 0.04 CPU-seconds (GODEBUG=gctrace=1), and import + audit took 2.81 instead of 3.00 s (medians of 6 interleaved pairs, all 6 faster). A soft memory
// limit of twice the inputs' size, at least 1 GiB, bounds what an input that makes
// much garbage (a file sorted by date, whose cases grow block after block) may hold
// uncollected: such a file's peak went from 148–156 to 181–184 MiB at 1M rows and
// from 1.93 to 2.00 GiB at 10M, in the same time.
// GOGC or GOMEMLIMIT set by the operator are left alone.
//
// When the files are read it restores both and collects once, so that the audit's
// allocations reuse the reader's garbage (its id index, about 16 MB for a million
// cases, and blocks) instead of memory written for the first time, which is dear on
// virtual machines. It keeps that memory rather than give it back to the operating
// system (debug.FreeOSMemory, until the ninth session): giving it back and taking it
// again cost 2,000–5,000 more page faults and about 0.1 s at 10M events (6 of 7
// interleaved pairs faster), for no lower peak now that the audit keeps only the
// verdicts it lists (docs/benchmarks.md). (Turning collection off during the import was
// tried: what it gained came from collections reading the cases' reserved room, which
// the importer now prefaults; and a file of one-event cases, whose data outgrow the
// file, then collected at the memory limit: 6.1 s instead of 3.9 s.)
func gcForImport(inputs []namedInput) func() {
	var size int64
	for _, in := range inputs {
		if in.path == "" {
			continue
		}
		if fi, err := os.Stat(in.path); err == nil {
			size += fi.Size()
		}
	}
	if size < 64<<20 {
		return func() {} // small inputs: nothing to win
	}
	if operatorSetGC() {
		return runtime.GC
	}
	restore := setGC(400, max(2*size, 1<<30))
	return func() {
		restore()
		runtime.GC()
	}
}
