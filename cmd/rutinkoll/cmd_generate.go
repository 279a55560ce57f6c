package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/person"
	"github.com/rutinkoll/rutinkoll/importers/profile"
	"github.com/rutinkoll/rutinkoll/importers/synth"
	"github.com/rutinkoll/rutinkoll/reports/atomicfile"
)

// The files generate writes besides the export.
const (
	truthFile     = "truth.csv"
	expectedFile  = "expected-rejected.csv"
	manifestFile  = "manifest.json"
	generateUsage = "generate --profile P --cases N --seed S --out DIR [--asof DATE] [--routines FILES] [--format csv|xlsx] [--bad-rows N]"
)

// runGenerate writes a synthetic export in an import profile's format, with the
// verdicts `rutinkoll audit --profile P --input EXPORT --asof DATE` must give for it
// (truth.csv), the rejections its import must report (expected-rejected.csv) and a
// manifest of what was made (manifest.json).
func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("generate", generateUsage, stderr)
	var ro routineOptions
	ro.register(fs)
	name := fs.String("profile", "", "import `PROFILE` whose format the export is written in (built-in name or profile file)")
	cases := fs.Int("cases", 0, "make `N` synthetic cases")
	seed := fs.Uint64("seed", 0, "random `SEED`: the same seed and options give the same files")
	out := fs.String("out", "", "output `DIR` (created if missing)")
	asofFlag := fs.String("asof", synth.DefaultAsof.String(), "brytdatum `YYYY-MM-DD` the truth holds for")
	format := fs.String("format", "", "file `FORMAT` csv or xlsx, for a profile that reads either (default: csv, or the profile's own)")
	badRows := fs.Int("bad-rows", 0, "`N` rows the import must reject as a whole (default: about one per 40 cases; -1: no bad rows, rejected events or duplicates)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var missing []string
	for _, f := range []string{"profile", "cases", "seed", "out"} {
		if !given[f] {
			missing = append(missing, "--"+f)
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		return usagef("%s is required", missing[0])
	default:
		return usagef("%s are required", strings.Join(missing, ", "))
	}
	if err := noArguments(fs); err != nil {
		return err
	}
	if *cases < 1 {
		return usagef("--cases %d: expected 1 or more", *cases)
	}
	asof, err := audit.ParseDate(*asofFlag)
	if err != nil {
		return usagef("--asof: %v", err)
	}
	var ff profile.Format
	switch strings.ToLower(*format) {
	case "":
	case "csv":
		ff = profile.FormatCSV
	case "xlsx":
		ff = profile.FormatXLSX
	default:
		return usagef("--format %q: expected csv or xlsx", *format)
	}
	p, err := profile.Load(*name)
	if err != nil {
		return err
	}
	vocab := audit.NewVocabulary()
	rts, err := ro.load(vocab)
	if err != nil {
		return err
	}
	res, err := synth.Generate(synth.Options{Profile: p, Routines: rts, Vocabulary: vocab, Cases: *cases, Seed: *seed,
		Asof: asof, Format: ff, BadRows: *badRows})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("cannot create output directory: %w", err)
	}
	exportPath := filepath.Join(*out, res.FileName)
	auditCmd := generatedAuditCommand(*name, exportPath, res.Asof, ro, filepath.Join(*out, "audit"))
	writes := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{res.FileName, func(w io.Writer) error { _, err := w.Write(res.Export); return err }},
		{truthFile, func(w io.Writer) error { return synth.WriteTruth(w, res.Truth) }},
		{expectedFile, func(w io.Writer) error { return synth.WriteRejections(w, res.Rejections) }},
		{manifestFile, func(w io.Writer) error { return writeManifest(w, p, rts, res, auditCmd) }},
	}
	for _, wr := range writes {
		if err := atomicfile.Write(filepath.Join(*out, wr.name), wr.fn); err != nil {
			return fmt.Errorf("writing %s: %w", wr.name, err)
		}
	}
	var covered []string
	for _, c := range res.Coverage {
		if c.Supported {
			covered = append(covered, c.Rule)
		}
	}
	st := res.Expected
	fmt.Fprintf(stdout, "Wrote %s: %d cases in profile %s's format (%s, %s); the import must read %d = %d imported + %d rejected + %d duplicates\n",
		exportPath, res.Cases, p.Name, p.Shape, res.Format, st.Read, st.Imported, st.Rejected, st.Duplicates)
	fmt.Fprintf(stdout, "Wrote %s: %d verdicts as of brytdatum %s for %d of %d rules: %s\n",
		filepath.Join(*out, truthFile), len(res.Truth), res.Asof, len(covered), len(res.Coverage), strings.Join(covered, ", "))
	fmt.Fprintf(stdout, "Wrote %s: %d rejections the import must report\n", filepath.Join(*out, expectedFile), len(res.Rejections))
	fmt.Fprintf(stdout, "Wrote %s (why the other rules have no truth)\n", filepath.Join(*out, manifestFile))
	fmt.Fprintf(stdout, "The personnummer are synthetic; audit with any pseudonym key (%s or --key-file):\n  %s\n", person.DefaultKeyEnv, auditCmd)
	return nil
}

// generatedAuditCommand is the audit command line whose verdicts truth.csv holds.
func generatedAuditCommand(profileName, export string, asof audit.Date, ro routineOptions, out string) string {
	args := []string{"rutinkoll", "audit", "--profile", profileName, "--input", export, "--asof", asof.String()}
	if len(ro.files) > 0 {
		args = append(args, "--routines", strings.Join(ro.files, ","))
	}
	if ro.calendar != "" {
		args = append(args, "--calendar", ro.calendar)
	}
	if ro.policy != "" {
		args = append(args, "--policy", ro.policy)
	}
	args = append(args, "--out", out)
	for i, a := range args {
		if strings.ContainsAny(a, " \t'\"$&;|<>()*?") {
			args[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(args, " ")
}

// generateManifest is the content of manifest.json.
type generateManifest struct {
	Profile      string            `json:"profile"`
	System       string            `json:"system,omitempty"`
	Shape        string            `json:"shape"`
	Format       string            `json:"format"`
	Export       string            `json:"export"`
	Cases        int               `json:"cases"`
	Seed         uint64            `json:"seed"`
	Brytdatum    string            `json:"brytdatum"`
	Routines     []string          `json:"routines"`
	Import       manifestImport    `json:"expected_import"`
	TruthRows    int               `json:"truth_rows"`
	Holidays     map[string]int    `json:"holiday_rows"`
	Rules        []manifestRule    `json:"rules"`
	AuditCommand string            `json:"audit_command"`
	Files        map[string]string `json:"files"`
}

type manifestImport struct {
	Read       int `json:"read"`
	Imported   int `json:"imported"`
	Rejected   int `json:"rejected"`
	Duplicates int `json:"duplicates"`
}

type manifestRule struct {
	Rule     string         `json:"rule"`
	Routine  string         `json:"routine"`
	Truth    bool           `json:"truth"`
	Why      string         `json:"why_not,omitempty"`
	Verdicts map[string]int `json:"verdicts,omitempty"`
	Holiday  int            `json:"holiday_rows,omitempty"`
}

func writeManifest(w io.Writer, p *profile.Profile, rts []*audit.Routine, res *synth.Result, auditCmd string) error {
	m := generateManifest{Profile: p.Name, System: p.System, Shape: p.Shape.String(), Format: res.Format.String(),
		Export: res.FileName, Cases: res.Cases, Seed: res.Seed, Brytdatum: res.Asof.String(),
		Import:    manifestImport{res.Expected.Read, res.Expected.Imported, res.Expected.Rejected, res.Expected.Duplicates},
		TruthRows: len(res.Truth), Holidays: res.Holidays, AuditCommand: auditCmd,
		Files: map[string]string{"truth": truthFile, "expected_rejections": expectedFile}}
	for _, rt := range rts {
		m.Routines = append(m.Routines, rt.ID)
	}
	for _, c := range res.Coverage {
		mr := manifestRule{Rule: c.Rule, Routine: c.Routine, Truth: c.Supported, Why: c.Why, Holiday: c.Holiday}
		if c.Supported {
			mr.Verdicts = map[string]int{}
			for _, s := range audit.Statuses {
				mr.Verdicts[s.Code()] = c.Counts[s]
			}
		}
		m.Rules = append(m.Rules, mr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("writing manifest: %w", err)
	}
	return nil
}
