package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// listFlag collects a repeatable or comma-separated option.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set adds the comma-separated values of v, or v whole when it names an existing file
// or directory with a comma in its name ("Export, oktober.csv"). Values are trimmed of
// surrounding spaces either way.
func (l *listFlag) Set(v string) error {
	if whole := strings.TrimSpace(v); strings.Contains(whole, ",") {
		if _, err := os.Stat(whole); err == nil {
			*l = append(*l, whole)
			return nil
		}
	}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: rutinkoll %s\n\nOptions:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; -h prints usage and ends the command successfully. Options
// may come before, between and after the other arguments (rutinkoll frist 2026-05-13
// "2 arbetsdagar" --calendar FILE), which are left in fs.Args(); after "--" everything
// is an argument.
func parseFlags(fs *flag.FlagSet, args []string) (bool, error) {
	// The flag package prints an error and the whole usage on a mistake: keep it to the
	// error (with a "did you mean") and the hint Run adds; -h still prints the usage.
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	defer func() { fs.SetOutput(out); fs.Usage = usage }()
	var positional []string
	// An argument such as "-2 dagar" (a deadline expression) is not an option: the
	// options before it are parsed, it is taken as an argument, and parsing goes on.
	segment, tail := args, []string(nil)
	if k := negativeArgument(fs, args); k >= 0 {
		segment, tail = args[:k], args[k:]
	}
	for {
		if err := fs.Parse(segment); err != nil {
			if err == flag.ErrHelp {
				fs.SetOutput(out)
				usage()
				return false, nil
			}
			return false, flagError(fs, err)
		}
		rest := fs.Args()
		if used := len(segment) - len(rest); used > 0 && segment[used-1] == "--" {
			positional = append(append(positional, rest...), tail...)
			break
		}
		if len(rest) > 0 {
			positional = append(positional, rest[0])
			segment = rest[1:]
			continue
		}
		if len(tail) == 0 {
			break
		}
		positional = append(positional, tail[0])
		segment, tail = tail[1:], nil
		if k := negativeArgument(fs, segment); k >= 0 {
			segment, tail = segment[:k], segment[k:]
		}
	}
	// Leave the arguments in fs.Args(): parsing "--" and them sets no option.
	if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
		return false, &usageError{err.Error()}
	}
	return true, nil
}

// negativeNumber reports whether arg starts like a negative number ("-2 dagar"), which no
// option does.
func negativeNumber(arg string) bool {
	return len(arg) > 1 && arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9'
}

// negativeArgument returns the index in args of the first argument that starts like a
// negative number and is not the value of the option before it ("--bad-rows -1"), or
// -1; arguments after "--" are not looked at.
func negativeArgument(fs *flag.FlagSet, args []string) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return -1
		case negativeNumber(a):
			return i
		case len(a) > 1 && a[0] == '-' && !strings.Contains(a, "="):
			if f := fs.Lookup(strings.TrimLeft(a, "-")); f != nil {
				if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
					i++ // the option's value, whatever it looks like
				}
			}
		}
	}
	return -1
}

// flagError is err from parsing fs, with the nearest option named when an unknown one
// looks like a typo of it.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	const unknown = "flag provided but not defined: -"
	if name, ok := strings.CutPrefix(msg, unknown); ok {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		msg = fmt.Sprintf("unknown option --%s", name)
		if near := audit.Nearest(name, names); near != "" {
			msg += fmt.Sprintf("; did you mean --%s?", near)
		}
	}
	return &usageError{msg}
}

// moreInputs adds the arguments that are not options to inputs: the files of
// --input a.csv b.csv, which is what a shell makes of --input exports/*.csv.
func moreInputs(fs *flag.FlagSet, inputs *listFlag) {
	for _, a := range fs.Args() {
		if err := inputs.Set(a); err != nil {
			panic(err) // listFlag.Set never fails
		}
	}
}

// noArguments fails when a command that takes options only was given something else.
func noArguments(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q: this command takes options only", fs.Arg(0))
	}
	return nil
}

func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, usagef("--log-format %q: expected text or json", format)
}

// flagSet is a flag.FlagSet; the alias keeps option registration helpers short.
type flagSet = flag.FlagSet

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
