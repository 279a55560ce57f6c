package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/person"
	"github.com/rutinkoll/rutinkoll/importers/profile"
	"github.com/rutinkoll/rutinkoll/reports/atomicfile"
	"github.com/rutinkoll/rutinkoll/reports/csvout"
)

// runProfiles lists, shows or checks import profiles.
func runProfiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "Usage: rutinkoll profiles list\n       rutinkoll profiles show NAME   (a built-in profile, to copy and change)\n       rutinkoll profiles check [--routines FILES] [--profile] P [EXPORT…]")
		if len(args) == 0 {
			return usagef("expected a subcommand: list, show or check")
		}
		return nil
	}
	switch args[0] {
	case "list":
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tSYSTEM\tSHAPE\tFORMAT\tDESCRIPTION")
		for _, p := range profile.BuiltIn() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Name, p.System, p.Shape, p.Format, p.Description)
		}
		return tw.Flush()
	case "show":
		if len(args) != 2 {
			return usagef("expected: profiles show NAME")
		}
		p, err := profile.Load(args[1])
		if err != nil {
			return err
		}
		_, err = stdout.Write(p.YAML)
		return err
	case "check":
		fs := newFlagSet("profiles check", "profiles check [--routines FILES] [--profile] P [EXPORT…]   (P: a built-in profile name or a profile .yaml file; without EXPORT the profile alone is checked)", stderr)
		name := fs.String("profile", "", "the profile `P` to check the files against (name or file)")
		var ro routineOptions
		fs.Var(&ro.files, "routines", "routine `FILES` or embedded routine names whose event codes the profile may use; default: all embedded routines")
		if ok, err := parseFlags(fs, args[1:]); !ok {
			return err
		}
		files := fs.Args()
		if *name == "" {
			// The profile first, without --profile: a profile file, or a built-in's name
			// when it is the only argument.
			ext := strings.ToLower(filepath.Ext(fs.Arg(0)))
			_, notBuiltin := profile.Lookup(fs.Arg(0))
			first := ext == ".yaml" || ext == ".yml" || ext == "" && fs.NArg() > 0 && (fs.NArg() == 1 || notBuiltin == nil)
			if !first {
				return usagef("--profile P is required (or give the profile first: profiles check PROFILE.yaml [EXPORT…])")
			}
			*name, files = fs.Arg(0), files[1:]
		}
		only := len(files) == 0 // only a profile: validate it
		// Routine files may add event codes: the profile may map to those.
		vocab := audit.NewVocabulary()
		if _, err := ro.load(vocab); err != nil {
			return err
		}
		p, err := profile.LoadWith(*name, vocab)
		if err == nil {
			err = p.Validate(vocab)
		}
		if err != nil {
			fmt.Fprintln(stdout, "FAILED:")
			fmt.Fprintln(stdout, err)
			return &exitError{exitFindings}
		}
		if only {
			fmt.Fprintf(stdout, "SUCCESS: %s is a valid profile; give an export too to check the profile against it\n", *name)
			return nil
		}
		ok := true
		for _, f := range files {
			rep := profile.Check(p, profile.FileInput(f), profile.CheckOptions{Vocabulary: vocab})
			if err := rep.WriteText(stdout); err != nil {
				return err
			}
			ok = ok && rep.OK()
		}
		if _, err := person.LoadKey("", person.DefaultKeyEnv); errors.Is(err, person.ErrNoKey) && p.NeedsKey() {
			fmt.Fprintf(stdout, "\nNote: profile %q reads personnummer, so import and audit need the municipality's pseudonym key: --key-file FILE or the environment variable %s (not set here)\n", p.Name, person.DefaultKeyEnv)
		}
		if !ok {
			return &exitError{exitFindings}
		}
		return nil
	}
	return usagef("unknown subcommand %q: expected list, show or check", args[0])
}

// runImport reads exports through a profile and writes the canonical events CSV, so a
// user can see what was read, plus rejected.csv and duplicates.csv.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", "import --profile P --input FILE… --out DIR [--routines FILES]", stderr)
	var io2 importOptions
	io2.register(fs)
	var ro routineOptions
	fs.Var(&ro.files, "routines", "routine `FILES` or embedded routine names whose event codes the profile may use; default: all embedded routines")
	var inputs listFlag
	fs.Var(&inputs, "input", "export `FILES` (comma-separated or repeated)")
	out := fs.String("out", "", "output `DIR`")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	moreInputs(fs, &inputs)
	if io2.profile == "" || len(inputs) == 0 || *out == "" {
		return usagef("--profile, --input and --out are required")
	}
	log, err := newLogger(stderr, *logFormat)
	if err != nil {
		return err
	}
	var named []namedInput
	for _, p := range inputs {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("cannot read input %s: %w", p, errUnwrapPath(err))
		}
		named = append(named, fileInput(p))
	}
	vocab := audit.NewVocabulary()
	if _, err := ro.load(vocab); err != nil {
		return err
	}
	in, err := readInputs(named, vocab, log, io2)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("cannot create output directory: %w", err)
	}
	writes := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"events.csv", func(w io.Writer) error { return profile.WriteEvents(w, in.dataset, vocab) }},
		{"rejected.csv", func(w io.Writer) error { return csvout.WriteRejected(w, in.rejected) }},
		{"duplicates.csv", func(w io.Writer) error { return csvout.WriteRejected(w, in.duplicates) }},
	}
	for _, wr := range writes {
		path := filepath.Join(*out, wr.name)
		if err := atomicfile.Write(path, wr.fn); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote %s\n", path)
	}
	for _, st := range in.stats {
		fmt.Fprintf(stdout, "%s: %d read = %d imported + %d rejected + %d duplicates\n", st.File, st.Read, st.Imported, st.Rejected, st.Duplicates)
	}
	fmt.Fprintf(stdout, "%d cases\n", len(in.dataset.Cases))
	if len(in.rejected) > 0 {
		return &exitError{exitFindings}
	}
	return nil
}
