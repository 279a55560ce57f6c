package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// commonAuditFlags are the options audit and demo share.
type commonAuditFlags struct {
	ro          routineOptions
	asof        string
	period      string
	out         string
	lang        string
	generatedAt string
	logFormat   string
	muni        string
	names       outputNames
	imp         importOptions
}

func (c *commonAuditFlags) job(stderr io.Writer, args []string) (*auditJob, error) {
	log, err := newLogger(stderr, c.logFormat)
	if err != nil {
		return nil, err
	}
	if c.out == "" {
		return nil, usagef("--out DIR is required")
	}
	if c.lang != "sv" && c.lang != "en" {
		return nil, usagef("--lang %q: expected sv or en", c.lang)
	}
	j := &auditJob{outDir: c.out, lang: c.lang, log: log, muni: c.muni, title: "Rutinkoll", names: c.names, imp: c.imp,
		commandLine: "rutinkoll " + strings.Join(args, " ")}
	if j.asof, err = audit.ParseDate(c.asof); err != nil {
		return nil, usagef("--asof: %v", err)
	}
	if c.period != "" {
		p, err := time.Parse("2006-01", c.period)
		if err != nil {
			return nil, usagef("--period %q: expected YYYY-MM", c.period)
		}
		j.period = p.Format("2006-01")
	}
	j.generatedAt = time.Now().UTC().Truncate(time.Second)
	if c.generatedAt != "" {
		if j.generatedAt, err = time.Parse(time.RFC3339, c.generatedAt); err != nil {
			return nil, usagef("--generated-at %q: expected RFC 3339 such as 2026-11-23T06:00:00Z", c.generatedAt)
		}
	}
	j.vocab = audit.NewVocabulary()
	j.allRoutines = len(c.ro.files) == 0
	if j.routines, err = c.ro.load(j.vocab); err != nil {
		return nil, err
	}
	return j, nil
}

func (c *commonAuditFlags) register(fs *flagSet) {
	c.ro.register(fs)
	fs.StringVar(&c.period, "period", "", "audit only deadlines falling in month `YYYY-MM` (consecutive months add up)")
	fs.StringVar(&c.out, "out", "", "output `DIR` (created if missing)")
	fs.StringVar(&c.lang, "lang", "sv", "report language: sv or en")
	fs.StringVar(&c.generatedAt, "generated-at", "", "generation `TIME` printed in reports (RFC 3339), for reproducible output")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.StringVar(&c.muni, "municipality", "", "municipality `NAME` printed on the reports")
	fs.StringVar(&c.names.xlsx, "xlsx-name", "rapport.xlsx", "file `NAME` of the Excel report")
	fs.StringVar(&c.names.pdf, "pdf-name", "rapport.pdf", "file `NAME` of the PDF report")
}

func runAuditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit", "audit --input FILES --asof DATE --out DIR [options]", stderr)
	var c commonAuditFlags
	var inputs listFlag
	c.register(fs)
	fs.Var(&inputs, "input", "input `FILES`: canonical event CSV, or exports read through --profile (comma-separated or repeated)")
	c.imp.register(fs)
	fs.BoolVar(&c.imp.identities, "identities", false, "internal review only: show personnummer in rapport.xlsx (never in the PDF, CSV or logs, never for skyddade personuppgifter); needs --profile")
	fs.StringVar(&c.asof, "asof", "", "brytdatum `YYYY-MM-DD`: verdicts as the data stood that day (required)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to `FILE` (for performance work)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	moreInputs(fs, &inputs)
	if *cpuprofile != "" {
		stop, err := startCPUProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if len(inputs) == 0 {
		return usagef("--input FILE is required")
	}
	if c.asof == "" {
		return usagef("--asof YYYY-MM-DD (the brytdatum) is required")
	}
	if c.imp.identities && c.imp.profile == "" {
		return usagef("--identities needs --profile: the canonical event CSV holds pseudonyms only")
	}
	j, err := c.job(stderr, append([]string{"audit"}, args...))
	if err != nil {
		return err
	}
	for _, p := range inputs {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("cannot read input %s: %w", p, errUnwrapPath(err))
		}
		j.inputs = append(j.inputs, fileInput(p))
	}
	o, err := j.run()
	if err != nil {
		return err
	}
	printSummary(stdout, o)
	if len(o.report.Rejected) > 0 {
		return &exitError{exitFindings}
	}
	return nil
}
