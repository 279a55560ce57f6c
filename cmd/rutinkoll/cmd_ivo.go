package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/atomicfile"
	"github.com/rutinkoll/rutinkoll/reports/ivo"
)

// ivoFlags are the options of `rutinkoll ivo`.
type ivoFlags struct {
	imp         importOptions
	inputs      listFlag
	quarter     string
	out         string
	muni        string
	namnd       string
	lang        string
	generatedAt string
	logFormat   string
	config      string
}

func (f *ivoFlags) register(fs *flagSet) {
	f.imp.register(fs)
	fs.Var(&f.inputs, "input", "input `FILES` (canonical event CSV, or exports read through --profile) (comma-separated or repeated)")
	fs.StringVar(&f.quarter, "quarter", "", "the quarter to report, `YYYYQn` such as 2026Q3 (required)")
	fs.StringVar(&f.out, "out", "", "output `DIR` for ivo.xlsx and ivo.pdf (created if missing)")
	fs.StringVar(&f.muni, "municipality", "", "municipality `NAME` printed on the report")
	fs.StringVar(&f.namnd, "namnd", "", "the reporting nämnd's `NAME`, e.g. Socialnämnden")
	fs.StringVar(&f.lang, "lang", "sv", "report language: sv or en")
	fs.StringVar(&f.generatedAt, "generated-at", "", "generation `TIME` printed in reports (RFC 3339), for reproducible output")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.StringVar(&f.config, "ivo-config", "", "`FILE` replacing the built-in legal reference, reporting windows, inriktning mapping and reasons (the shape of reports/ivo/ivo.yaml)")
}

// runIVO writes the quarterly report of ej verkställda beslut to IVO (ivo.xlsx,
// ivo.pdf). Exit status 1 when input rows were rejected, a reportable beslut has no
// valid IVO code, or the input has no beslut at all up to the quarter's end (its lists
// are empty for want of data): the report is written, but must be completed or
// checked before it is sent.
func runIVO(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("ivo", "ivo --quarter YYYYQn --input FILES --out DIR [options]", stderr)
	var f ivoFlags
	f.register(fs)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	moreInputs(fs, &f.inputs)
	if len(f.inputs) == 0 {
		return usagef("--input FILE is required")
	}
	if f.quarter == "" {
		return usagef("--quarter YYYYQn (such as 2026Q3) is required")
	}
	if f.out == "" {
		return usagef("--out DIR is required")
	}
	q, err := ivo.ParseQuarter(f.quarter)
	if err != nil {
		return usagef("--quarter: %v", err)
	}
	if f.lang != "sv" && f.lang != "en" {
		return usagef("--lang %q: expected sv or en", f.lang)
	}
	genAt, err := parseGeneratedAt(f.generatedAt)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, f.logFormat)
	if err != nil {
		return err
	}
	var cfg *ivo.Config
	if f.config != "" {
		if cfg, err = readIVOConfig(f.config); err != nil {
			return err
		}
	}
	inputs, err := fileInputs(f.inputs)
	if err != nil {
		return err
	}
	in, err := readInputs(inputs, audit.NewVocabulary(), log, f.imp)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted before writing: %w", err)
	}
	rep := ivo.Compute(in.dataset, q, ivo.Options{
		Municipality: f.muni, Namnd: f.namnd, GeneratedAt: genAt, Lang: f.lang, Config: cfg,
		CommandLine: "rutinkoll " + strings.Join(append([]string{"ivo"}, args...), " "), Inputs: in.stats,
	})
	files, err := writeAtomically(f.out, []outputFile{
		{"ivo.xlsx", func(w io.Writer) error { return ivo.WriteXLSX(w, rep) }},
		{"ivo.pdf", func(w io.Writer) error { return ivo.WritePDF(w, rep) }},
	})
	if err != nil {
		return err
	}
	log.Info("ivo report done", "quarter", q.String(), "new", rep.Stats.New, "ongoing", rep.Stats.Ongoing,
		"closed", rep.Stats.Closed, "issues", len(rep.Issues), "out", strings.Join(files, ","))
	return printIVOSummary(stdout, rep, files, len(in.rejected))
}

// printIVOSummary prints the figures a user wants at once and decides the exit status.
func printIVOSummary(w io.Writer, rep *ivo.Report, files []string, rejected int) error {
	s := &rep.Stats
	fmt.Fprintf(w, "IVO %s (%s – %s): %d new, %d still not verkställda, %d verkställda or avslutade; %d with skyddade personuppgifter (counted only)\n",
		rep.Quarter, rep.Quarter.Start(), rep.Quarter.End(), s.New, s.Ongoing, s.Closed,
		rep.Protected[ivo.New]+rep.Protected[ivo.Ongoing]+rep.Protected[ivo.Closed])
	if rep.Preliminary {
		fmt.Fprintln(w, "Preliminary: the quarter has not ended yet.")
	}
	if rep.BeslutCases == 0 {
		fmt.Fprintln(w, "WARNING: the input has no beslut event up to the quarter's end, so the lists are empty for want of data, not because every beslut was verkställt. "+
			"Check that the export includes the beslut and that the import profile maps them to the event beslut (rutinkoll profiles check), before reporting to IVO.")
	}
	for _, p := range files {
		fmt.Fprintf(w, "Wrote %s\n", p)
	}
	blocking := rep.IssueCount(ivo.IssueIVOCodeMissing) + rep.IssueCount(ivo.IssueIVOCodeInvalid)
	if n := len(rep.Issues); n > 0 {
		fmt.Fprintf(w, "%d data-quality notes (%d cases without a valid IVO code): see the Metod sheet of ivo.xlsx\n", n, blocking)
	}
	if rejected > 0 {
		fmt.Fprintf(w, "%d input rows were rejected: run 'rutinkoll audit' on the same input for rejected.csv\n", rejected)
	}
	if rejected > 0 || blocking > 0 || rep.BeslutCases == 0 {
		return &exitError{exitFindings}
	}
	return nil
}

func readIVOConfig(path string) (*ivo.Config, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read --ivo-config %s: %w", path, errUnwrapPath(err))
	}
	defer fh.Close()
	cfg, err := ivo.ParseConfig(fh, path)
	if err != nil {
		return nil, fmt.Errorf("--ivo-config invalid:\n%w", err)
	}
	return cfg, nil
}

// parseGeneratedAt parses --generated-at, or returns the current time to the second.
func parseGeneratedAt(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("--generated-at %q: expected RFC 3339 such as 2026-11-23T06:00:00Z", s)
	}
	return t, nil
}

// fileInputs checks that every input file exists before anything is read.
func fileInputs(paths []string) ([]namedInput, error) {
	out := make([]namedInput, 0, len(paths))
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("cannot read input %s: %w", p, errUnwrapPath(err))
		}
		out = append(out, fileInput(p))
	}
	return out, nil
}

// outputFile is one file a report command writes.
type outputFile struct {
	name  string
	write func(io.Writer) error
}

// writeAtomically creates dir and writes every file into it, putting them in place all
// or none: a failure leaves the previous files as they were, all of them.
func writeAtomically(dir string, files []outputFile) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create output directory: %w", err)
	}
	// Every file complete first, then all put in place or none: a failure leaves the
	// previous reports as they were.
	var pending []*atomicfile.Pending
	var written []string
	for _, o := range files {
		p := filepath.Join(dir, o.name)
		pf, err := atomicfile.Prepare(p, o.write)
		if err != nil {
			for _, q := range pending {
				q.Discard()
			}
			return nil, err
		}
		pending = append(pending, pf)
		written = append(written, p)
	}
	if err := atomicfile.CommitAll(pending); err != nil {
		return nil, err
	}
	return written, nil
}
