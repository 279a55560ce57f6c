package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
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

// parseFlags parses args; -h prints usage and ends the command successfully.
func parseFlags(fs *flag.FlagSet, args []string) (bool, error) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return false, nil
		}
		return false, &usageError{err.Error()}
	}
	return true, nil
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
