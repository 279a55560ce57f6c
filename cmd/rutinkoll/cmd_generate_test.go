package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/person"
	"github.com/rutinkoll/rutinkoll/importers/synth"
)

// generateCmd runs `rutinkoll generate`: through Run once the command is registered in
// main.go, until then by calling runGenerate directly.
func generateCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	for _, c := range commands() {
		if c.name == "generate" {
			return run(t, append([]string{"generate"}, args...)...)
		}
	}
	var out, errb bytes.Buffer
	err := runGenerate(context.Background(), args, &out, &errb)
	code := exitOK
	if err != nil {
		code = exitFailure
		fmt.Fprintf(&errb, "rutinkoll generate: %v\n", err)
	}
	return code, out.String(), errb.String()
}

// readCSV reads a comma-separated file with a header into records.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// readVerdicts reads verdicts.csv into verdicts keyed by (case id, rule).
func readVerdicts(t *testing.T, path string) map[[2]string]synth.Truth {
	t.Helper()
	recs := readCSV(t, path)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"case_id", "rule", "verdict", "days_late", "days_left", "start", "deadline", "event_date"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("verdicts.csv has no column %s: %v", h, recs[0])
		}
	}
	date := func(s string) audit.Date {
		if s == "" {
			return audit.NoDate
		}
		d, err := audit.ParseDate(s)
		if err != nil {
			t.Fatalf("verdicts.csv: %v", err)
		}
		return d
	}
	out := map[[2]string]synth.Truth{}
	for _, rec := range recs[1:] {
		st, ok := audit.ParseStatus(rec[col["verdict"]])
		if !ok {
			t.Fatalf("verdicts.csv: unknown verdict %q", rec[col["verdict"]])
		}
		v := synth.Truth{Status: st, Start: date(rec[col["start"]]), Deadline: date(rec[col["deadline"]]), EventDate: date(rec[col["event_date"]])}
		days := rec[col["days_late"]]
		if days == "" {
			days = rec[col["days_left"]]
		}
		if days != "" {
			n, err := strconv.Atoi(days)
			if err != nil {
				t.Fatalf("verdicts.csv: days %q", days)
			}
			v.Days = n
		}
		out[[2]string{rec[col["case_id"]], rec[col["rule"]]}] = v
	}
	return out
}

// TestGenerateThenAudit generates an export for each built-in profile, audits it with
// the CLI as a user would, and compares verdicts.csv with truth.csv and rejected.csv
// with expected-rejected.csv.
func TestGenerateThenAudit(t *testing.T) {
	keyDir := t.TempDir()
	keyFile := writeFile(t, keyDir, "pseudonym.key", "cli-test-key-0123456789abcdef\n")
	policy := writeFile(t, keyDir, "policy.yaml", "rules:\n  PAR-05: {deadline: \"2 vardagar\", note: \"test\"}\n")
	t.Setenv(person.DefaultKeyEnv, "")
	for i, tc := range []struct {
		name    string
		profile string
		extra   []string
	}{
		{"paraply", "paraply", nil},
		{"magnacura", "magnacura", nil},
		{"generic-long", "generic-long", nil},
		{"generic-wide", "generic-wide", nil},
		{"generic-wide as xlsx", "generic-wide", []string{"--format", "xlsx"}},
		{"generic-long with two routines and brytdatum after midsommar", "generic-long", []string{"--routines", "paraply,solna-boendestod", "--asof", "2026-06-22"}},
		{"paraply with local policy for PAR-05 and brytdatum in jul", "paraply", []string{"--policy", policy, "--asof", "2025-12-30"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"--profile", tc.profile, "--cases", "300", "--seed", strconv.Itoa(100 + i), "--out", dir}, tc.extra...)
			code, out, errs := generateCmd(t, args...)
			if code != exitOK {
				t.Fatalf("generate exit %d\n%s\n%s", code, out, errs)
			}
			var m generateManifest
			data, err := os.ReadFile(filepath.Join(dir, manifestFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, m.AuditCommand) {
				t.Errorf("the audit command is not printed:\n%s", out)
			}
			auditOut := filepath.Join(dir, "audit")
			auditArgs := []string{"audit", "--profile", tc.profile, "--input", filepath.Join(dir, m.Export), "--asof", m.Brytdatum,
				"--out", auditOut, "--key-file", keyFile, "--generated-at", "2026-11-24T06:00:00Z"}
			for j := 0; j+1 < len(tc.extra); j += 2 {
				if tc.extra[j] == "--routines" || tc.extra[j] == "--policy" {
					auditArgs = append(auditArgs, tc.extra[j], tc.extra[j+1])
				}
			}
			code, out, errs = run(t, auditArgs...)
			wantCode := exitOK
			if m.Import.Rejected > 0 {
				wantCode = exitFindings
			}
			if code != wantCode {
				t.Fatalf("audit exit %d, want %d\n%s\n%s", code, wantCode, out, errs)
			}

			f, err := os.Open(filepath.Join(dir, truthFile))
			if err != nil {
				t.Fatal(err)
			}
			truth, err := synth.ReadTruth(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(truth) != m.TruthRows || len(truth) < 300 {
				t.Fatalf("truth.csv has %d rows, manifest says %d", len(truth), m.TruthRows)
			}
			got := readVerdicts(t, filepath.Join(auditOut, "verdicts.csv"))
			if diffs := synth.Compare(truth, got); len(diffs) > 0 {
				if len(diffs) > 30 {
					diffs = append(diffs[:30], fmt.Sprintf("… and %d more", len(diffs)-30))
				}
				t.Errorf("verdicts.csv differs from truth.csv in %d of %d rows:\n%s", len(diffs), len(truth), strings.Join(diffs, "\n"))
			}
			compareRejected(t, filepath.Join(dir, expectedFile), filepath.Join(auditOut, "rejected.csv"))
			checkSummary(t, filepath.Join(auditOut, "summary.json"), m.Import)
			if tc.extra != nil && tc.extra[0] == "--policy" {
				n := 0
				for _, tr := range truth {
					if tr.Rule == "PAR-05" && tr.Status != audit.EjTillamplig {
						n++
					}
				}
				if n < 10 {
					t.Errorf("with a local policy for PAR-05, only %d judged PAR-05 verdicts in the truth", n)
				}
			}
			if tc.extra != nil && tc.extra[0] == "--routines" {
				for _, tr := range truth {
					if !strings.HasPrefix(tr.Rule, "PAR-") && !strings.HasPrefix(tr.Rule, "SOL-BS-") {
						t.Fatalf("truth for %s, a rule of a routine not asked for", tr.Rule)
					}
				}
			}
			// truth.csv identifies cases by case id only: no personnummer in it.
			pnr := regexp.MustCompile(`\b(19|20)\d{6}-?\d{4}\b`)
			tdata, _ := os.ReadFile(filepath.Join(dir, truthFile))
			if pnr.Match(tdata) {
				t.Errorf("truth.csv holds something like a personnummer: %s", pnr.Find(tdata))
			}
		})
	}
}

// compareRejected checks that the audit rejected exactly the rows the generator said
// it must (line, column, header and value).
func compareRejected(t *testing.T, expectedPath, gotPath string) {
	t.Helper()
	count := map[string]int{}
	exp := readCSV(t, expectedPath)
	for _, rec := range exp[1:] {
		count[strings.Join(rec[:4], "|")]++
	}
	var extra []string
	got := readCSV(t, gotPath)
	for _, rec := range got[1:] { // file, line, column, field, value, reason
		k := strings.Join(rec[1:5], "|")
		if count[k] > 0 {
			count[k]--
			continue
		}
		extra = append(extra, k+": "+rec[5])
	}
	var missing []string
	for k, n := range count {
		for range n {
			missing = append(missing, k)
		}
	}
	if len(extra) > 0 || len(missing) > 0 {
		t.Errorf("rejected.csv differs from %s:\nnot expected: %v\nmissing: %v", filepath.Base(expectedPath), extra, missing)
	}
}

// checkSummary checks the accounting in summary.json against the manifest.
func checkSummary(t *testing.T, path string, want manifestImport) {
	t.Helper()
	var s struct {
		Rows manifestImport `json:"rows"`
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if s.Rows != want {
		t.Errorf("summary.json rows %+v, manifest expected_import %+v", s.Rows, want)
	}
}

// TestGenerateIsDeterministic: the same seed gives the same files, another seed others.
func TestGenerateIsDeterministic(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
		for i, d := range dirs {
			seed := "7"
			if i == 2 {
				seed = "8"
			}
			if code, out, errs := generateCmd(t, "--profile", "generic-long", "--cases", "50", "--seed", seed, "--out", d, "--format", format); code != exitOK {
				t.Fatalf("generate exit %d\n%s\n%s", code, out, errs)
			}
		}
		for _, name := range []string{"generic-long-export." + format, truthFile, expectedFile, manifestFile} {
			// The manifest names the output directory; the rest must be byte for byte the same.
			a := bytes.ReplaceAll(mustRead(t, filepath.Join(dirs[0], name)), []byte(dirs[0]), []byte("DIR"))
			b := bytes.ReplaceAll(mustRead(t, filepath.Join(dirs[1], name)), []byte(dirs[1]), []byte("DIR"))
			c := bytes.ReplaceAll(mustRead(t, filepath.Join(dirs[2], name)), []byte(dirs[2]), []byte("DIR"))
			if len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s: not the same for the same seed", name)
			}
			if name != manifestFile && bytes.Equal(a, c) {
				t.Errorf("%s: the same for another seed", name)
			}
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestGenerateUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--profile", "paraply", "--cases", "10", "--out", dir}, "--seed is required"},
		{[]string{"--cases", "10", "--seed", "1"}, "--profile, --out are required"},
		{[]string{"--profile", "paraply", "--cases", "0", "--seed", "1", "--out", dir}, "--cases 0"},
		{[]string{"--profile", "paraply", "--cases", "5", "--seed", "1", "--out", dir, "--asof", "2026-02-30"}, "--asof"},
		{[]string{"--profile", "paraply", "--cases", "5", "--seed", "1", "--out", dir, "--format", "ods"}, `--format "ods"`},
		{[]string{"--profile", "magnacura", "--cases", "5", "--seed", "1", "--out", dir, "--format", "xlsx"}, "reads csv files only"},
		{[]string{"--profile", "paraplu", "--cases", "5", "--seed", "1", "--out", dir}, `did you mean "paraply"`},
		{[]string{"--profile", "paraply", "--cases", "5", "--seed", "1", "--out", dir, "--routines", "vob-kvalitetsfabriken"}, "can express none of the rules"},
	} {
		code, out, errs := generateCmd(t, tc.args...)
		if code != exitFailure || !strings.Contains(errs, tc.want) {
			t.Errorf("generate %v: exit %d, stderr %q; want exit %d and %q\n%s", tc.args, code, errs, exitFailure, tc.want, out)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed generate wrote files: %v", entries)
	}
}
