package main

import (
	"context"
	_ "embed"
	"io"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/generate"
)

// demoEvents is the sample data set embedded in the binary: synthetic cases made by
// importers/generate with demoOptions (TestDemoDataUpToDate keeps it in step).
//
//go:embed demodata/demo-events.csv
var demoEvents []byte

// demoAsof is the demo's brytdatum: the 5th, when last month's dates must be registered.
const demoAsof = "2026-11-05"

var demoOptions = generate.Options{Cases: 400, Seed: 2026, From: audit.MustDate("2025-09-01"), To: audit.MustDate(demoAsof), BadRows: 8}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "demo --out DIR [options]", stderr)
	var c commonAuditFlags
	c.register(fs)
	c.asof = demoAsof
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if err := noArguments(fs); err != nil {
		return err
	}
	if c.muni == "" {
		c.muni = "Exempelkommunen (demodata)"
	}
	j, err := c.job(stderr, append([]string{"demo"}, args...))
	if err != nil {
		return err
	}
	j.inputs = []namedInput{bytesInput("demo-events.csv", demoEvents)}
	o, err := j.run()
	if err != nil {
		return err
	}
	printSummary(stdout, o)
	return nil
}
