package main

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/rutinkoll/rutinkoll/importers/generate"
)

var update = flag.Bool("update", false, "rewrite golden files and the embedded demo data")

// TestDemoDataUpToDate checks that the embedded demo data is what the generator makes.
func TestDemoDataUpToDate(t *testing.T) {
	var buf bytes.Buffer
	if err := generate.Write(&buf, demoOptions); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("demodata/demo-events.csv", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(buf.Bytes(), demoEvents) {
		t.Fatal("demodata/demo-events.csv is stale: run go test ./cmd/rutinkoll -run TestDemoDataUpToDate -update")
	}
}
