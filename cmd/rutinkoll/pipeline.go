package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/atomicfile"
	"github.com/rutinkoll/rutinkoll/reports/csvout"
	"github.com/rutinkoll/rutinkoll/reports/pdf"
	"github.com/rutinkoll/rutinkoll/reports/stats"
	"github.com/rutinkoll/rutinkoll/reports/xlsx"
)

// routineOptions are the options that choose routines, calendar and local policy.
type routineOptions struct {
	files    listFlag
	calendar string
	policy   string
}

func (o *routineOptions) register(fs *flagSet) {
	fs.Var(&o.files, "routines", "routine `FILES` or embedded routine names (paraply, solna-boendestod, vob-kvalitetsfabriken, gotland-sol), comma-separated or repeated; default: all embedded routines")
	fs.StringVar(&o.calendar, "calendar", "", "calendar `FILE` with the municipality's extra closed days (arbetsdagar)")
	fs.StringVar(&o.policy, "policy", "", "local policy `FILE` giving numbers to \"omgående\" rules")
}

// load reads the routines into vocab.
func (o *routineOptions) load(vocab *audit.Vocabulary) ([]*audit.Routine, error) {
	files := routines.Files()
	if len(o.files) > 0 {
		files = nil
		for _, p := range o.files {
			if f, ok := embeddedRoutine(p); ok {
				files = append(files, f)
				continue
			}
			f, err := readFile(p)
			if err != nil {
				names := embeddedRoutineNames()
				if near := nearestRoutine(p, names); near != "" {
					return nil, &optionError{"routines", fmt.Errorf("%w; did you mean the shipped routine %s? (shipped routines: %s)", err, near, strings.Join(names, ", "))}
				}
				return nil, &optionError{"routines", fmt.Errorf("%w (shipped routines: %s)", err, strings.Join(names, ", "))}
			}
			files = append(files, f)
		}
	}
	return o.loadFiles(files, vocab)
}

// loadFiles reads the routine files into vocab, with the options' calendar and policy.
func (o *routineOptions) loadFiles(files []routinefile.File, vocab *audit.Vocabulary) ([]*audit.Routine, error) {
	var opt routinefile.Options
	if o.calendar != "" {
		f, err := readFile(o.calendar)
		if err != nil {
			return nil, &optionError{"calendar", err}
		}
		if opt.ClosedDays, err = routinefile.ParseCalendar(f); err != nil {
			return nil, &optionError{"calendar", fmt.Errorf("calendar file invalid:\n%w", err)}
		}
	}
	rts, err := routinefile.Load(files, vocab, opt)
	if err != nil {
		return nil, &optionError{"routines", fmt.Errorf("routine files invalid (run 'rutinkoll routines check'):\n%w", err)}
	}
	if o.policy != "" {
		f, err := readFile(o.policy)
		if err != nil {
			return nil, &optionError{"policy", err}
		}
		if err := routinefile.ApplyPolicy(f, rts); err != nil {
			return nil, &optionError{"policy", fmt.Errorf("local policy file invalid:\n%w", err)}
		}
	}
	return rts, nil
}

// optionError is a failure to read what an option names: the routine files, the
// calendar or the policy (option is the flag's name, which is also the jobs file's
// field). Its text is err's.
type optionError struct {
	option string
	err    error
}

func (e *optionError) Error() string { return e.err.Error() }
func (e *optionError) Unwrap() error { return e.err }

// nearestRoutine returns the shipped routine a name that is no file most likely meant:
// one a letter or two off ("paraplyy"), or the only one it begins ("gotland" for
// gotland-sol); "" when none is near.
func nearestRoutine(name string, shipped []string) string {
	name = strings.TrimSuffix(filepath.Base(name), ".yaml")
	if near := audit.Nearest(name, shipped); near != "" {
		return near
	}
	var starts []string
	for _, s := range shipped {
		if len(name) >= 3 && strings.HasPrefix(s, strings.ToLower(name)) {
			starts = append(starts, s)
		}
	}
	if len(starts) == 1 {
		return starts[0]
	}
	return ""
}

func readFile(path string) (routinefile.File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return routinefile.File{}, fmt.Errorf("cannot read %s: %w", path, errUnwrapPath(err))
	}
	return routinefile.File{Name: path, Data: data}, nil
}

func errUnwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// auditJob is one audit run: what to read, how to judge, where to write.
type auditJob struct {
	routines    []*audit.Routine
	allRoutines bool   // every embedded routine, as no --routines was given
	finalDir    string // where outDir goes once a job's run succeeds, for the log; "" = outDir
	vocab       *audit.Vocabulary
	inputs      []namedInput
	asof        audit.Date
	period      string                // "YYYY-MM" or "", printed on reports
	inPeriod    func(audit.Date) bool // whether a verdict's Attribute date is in the period; nil = by period month
	outDir      string
	generatedAt time.Time
	commandLine string
	lang        string
	title       string
	muni        string
	names       outputNames
	imp         importOptions
	log         *slog.Logger
}

type namedInput struct {
	name string
	path string // a file on disk (read in parallel), or "" for in-memory data
	open func() (io.ReadCloser, error)
}

func fileInput(path string) namedInput {
	return namedInput{name: path, path: path, open: func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("cannot open input %s: %w", path, errUnwrapPath(err))
		}
		return f, nil
	}}
}

func bytesInput(name string, data []byte) namedInput {
	return namedInput{name: name, open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// auditOutcome is what a run produced.
type auditOutcome struct {
	report      *reports.Report
	files       []string
	allRoutines bool // see auditJob
}

// run reads every input, evaluates, and writes the outputs atomically. Nothing is
// written unless every input could be read.
func (j *auditJob) run() (*auditOutcome, error) {
	start := time.Now()
	in, err := readInputs(j.inputs, j.vocab, j.log, j.imp)
	if err != nil {
		return nil, err
	}
	ds := in.dataset
	inPeriod := j.inPeriod
	if inPeriod == nil && j.period != "" {
		inPeriod = func(d audit.Date) bool { return d.Period() == j.period }
	}
	// The verdicts are counted while they are judged; only those the reports list case
	// by case are kept (about a tenth), and verdicts.csv gets the rest by judging again.
	opt := audit.Options{Asof: j.asof, Holds: in.holds}
	if inPeriod != nil {
		opt.Select = func(v *audit.Verdict) bool {
			a := v.Attribute(ds)
			return a != audit.NoDate && inPeriod(a)
		}
	}
	res, summary := stats.Judge(ds, j.routines, opt, reports.Listed, stats.Options{})
	var notHeld []string
	for _, r := range j.routines {
		for _, rule := range r.Rules {
			if audit.NotHeldReason(rule, in.holds) != "" {
				notHeld = append(notHeld, rule.ID)
			}
		}
	}
	if len(notHeld) > 0 {
		j.log.Warn("the input cannot show these rules' target events (the profile does not read them and no row has them): what would be saknas or pågående is datafel", "profile", j.imp.profile, "rules", strings.Join(notHeld, ","))
	}
	rep := &reports.Report{
		Title: j.title, Municipality: j.muni, Period: j.period, Asof: j.asof,
		GeneratedAt: j.generatedAt, CommandLine: j.commandLine, Lang: j.lang,
		Inputs: in.stats, Rejected: in.rejected, Routines: j.routines, Vocabulary: j.vocab,
		Dataset: ds, Result: res, Summary: summary,
	}
	if err := os.MkdirAll(j.outDir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create output directory: %w", err)
	}
	defer tightenGC(summary.Total.Total)()
	if ids := in.identities; ids != nil {
		rep.Identity = func(c *audit.Case) string {
			if c.Flags&audit.FlagSkyddad != 0 {
				return ""
			}
			return ids[c.Person()]
		}
	}
	out := &auditOutcome{report: rep, allRoutines: j.allRoutines}
	if out.files, err = writeOutputs(j.outDir, outputs(j.names), rep); err != nil {
		return nil, err
	}
	j.log.Info("audit done", "cases", len(ds.Cases), "verdicts", summary.Total.Total, "rejected_rows", len(in.rejected),
		"duration", time.Since(start).Round(time.Millisecond).String(), "out", strings.Join(j.logPaths(out.files), ","))
	return out, nil
}

type output struct {
	name  string
	write func(io.Writer, *reports.Report) error
}

// logPaths returns the paths of files written to j.outDir as the log names them: under
// the job's final directory when the run is a job's (outDir is then temporary).
func (j *auditJob) logPaths(files []string) []string {
	if j.finalDir == "" {
		return files
	}
	return jobRun{finalDir: j.finalDir}.paths(files)
}

// writeOutputs writes every output at once (the writers only read the report, and the
// big ones — verdicts.csv, the workbook, the PDF — each keep one core busy), and puts
// them in place only when all are complete: after a failure to write any of them the
// previous reports stay as they were, all of them.
func writeOutputs(dir string, outs []output, rep *reports.Report) ([]string, error) {
	pending := make([]*atomicfile.Pending, len(outs))
	errs := make([]error, len(outs))
	var wg sync.WaitGroup
	for i, o := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pending[i], errs[i] = atomicfile.Prepare(filepath.Join(dir, o.name), func(w io.Writer) error { return o.write(w, rep) })
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, p := range pending {
			if p != nil {
				p.Discard()
			}
		}
		return nil, err
	}
	// All in place, or none: a failed rename puts the previous reports back.
	if err := atomicfile.CommitAll(pending); err != nil {
		return nil, err
	}
	files := make([]string, len(outs))
	for i, o := range outs {
		files[i] = filepath.Join(dir, o.name)
	}
	return files, nil
}

// outputNames are the configurable report file names.
type outputNames struct {
	xlsx, pdf string
}

// outputs lists the files an audit writes, in order.
func outputs(n outputNames) []output {
	if n.xlsx == "" {
		n.xlsx = "rapport.xlsx"
	}
	if n.pdf == "" {
		n.pdf = "rapport.pdf"
	}
	return []output{
		{"verdicts.csv", csvout.WriteVerdicts},
		{"rejected.csv", func(w io.Writer, r *reports.Report) error { return csvout.WriteRejected(w, r.Rejected) }},
		{"summary.json", csvout.WriteSummary},
		{n.xlsx, func(w io.Writer, r *reports.Report) error { return xlsx.Write(w, r, xlsx.Options{}) }},
		{n.pdf, func(w io.Writer, r *reports.Report) error { return pdf.Write(w, r, pdf.Options{}) }},
	}
}

// printSummary prints the few figures a user wants to see at once.
func printSummary(w io.Writer, o *auditOutcome) {
	r := o.report
	read, imp, rej, dup := 0, 0, 0, 0
	for _, in := range r.Inputs {
		read += in.Read
		imp += in.Imported
		rej += in.Rejected
		dup += in.Duplicates
	}
	fmt.Fprintf(w, "Brytdatum %s", r.Asof)
	if r.Period != "" {
		fmt.Fprintf(w, ", period %s", r.Period)
	}
	fmt.Fprintf(w, ": %d rows read = %d imported + %d rejected + %d duplicates; %d cases", read, imp, rej, dup, len(r.Dataset.Cases))
	if r.Period != "" && r.Summary.Cases != len(r.Dataset.Cases) {
		// The reports count the cases of the period: say so, or the numbers disagree.
		fmt.Fprintf(w, ", %d of them with a step due in %s (the cases the reports count)", r.Summary.Cases, r.Period)
	}
	fmt.Fprintln(w)
	if y, m, d := time.Now().Date(); r.Asof > audit.DateOf(y, m, d) {
		fmt.Fprintf(w, "Note: the brytdatum %s is after today (%04d-%02d-%02d): steps due by then that are not done yet count as saknas; check the date\n", r.Asof, y, int(m), d)
	}
	t := &r.Summary.Total
	rate := "–"
	if v, ok := t.Rate(); ok {
		rate = fmt.Sprintf("%.1f %%", v*100)
	}
	fmt.Fprintf(w, "Verdicts: %d i tid, %d sen, %d saknas, %d pågående, %d ej tillämplig, %d datafel; compliance %s\n",
		t.N(audit.ITid), t.N(audit.Sen), t.N(audit.Saknas), t.N(audit.Pagaende), t.N(audit.EjTillamplig), t.N(audit.Datafel), rate)
	ids := make([]string, len(r.Routines))
	for i, rt := range r.Routines {
		ids[i] = rt.ID
	}
	fmt.Fprintf(w, "Routines: %s\n", strings.Join(ids, ", "))
	if !o.allRoutines {
		printIdleRoutines(w, r.Routines, r.Dataset.Cases)
	}
	if n := len(r.Dataset.Changes); n > 0 {
		fields := map[string]bool{}
		for _, ch := range r.Dataset.Changes {
			fields[strings.Replace(ch.Field, audit.FieldUtforare, "utförare", 1)] = true
		}
		fmt.Fprintf(w, "Note: %d cases name another %s on later rows than on their first; each counts under its first value (see Datakvalitet in the workbook)\n",
			n, strings.Join(slices.Sorted(maps.Keys(fields)), " or "))
	}
	outside := 0
	for i := range r.Dataset.Cases {
		if !slices.ContainsFunc(r.Routines, func(rt *audit.Routine) bool { return rt.Applies(&r.Dataset.Cases[i]) }) {
			outside++
		}
	}
	if outside > 0 {
		fmt.Fprintf(w, "Note: %d of %d cases are outside every routine's scope (their insats or kommun) and have no verdicts; the reports count only the others\n", outside, len(r.Dataset.Cases))
	}
	if o.allRoutines && len(ids) > 1 {
		noKommun := 0
		for i := range r.Dataset.Cases {
			if r.Dataset.Cases[i].Kommun == 0 {
				noKommun++
			}
		}
		switch {
		case noKommun == len(r.Dataset.Cases) && noKommun > 0:
			fmt.Fprintf(w, "Note: every embedded routine judged these cases, as no --routines was given and no case names its kommun;\n")
		case noKommun > 0:
			fmt.Fprintf(w, "Note: %d of %d cases name no kommun, so every embedded routine judged them, as no --routines was given;\n", noKommun, len(r.Dataset.Cases))
		}
		if noKommun > 0 {
			fmt.Fprintf(w, "      a municipality's export is usually judged by its own routines only: --routines NAME or FILE\n")
		}
	}
	for _, f := range o.files {
		fmt.Fprintf(w, "Wrote %s\n", f)
	}
	if rej > 0 {
		fmt.Fprintf(w, "%d input rows were rejected: see %s\n", rej, filepath.Join(filepath.Dir(o.files[0]), "rejected.csv"))
	}
}

// printIdleRoutines notes each chosen routine that judged no case, with what it asks
// for and what the cases have: an insats or municipality that no case matches gives
// empty reports, not an error.
func printIdleRoutines(w io.Writer, rts []*audit.Routine, cases []audit.Case) {
	if len(cases) == 0 {
		return
	}
	insats, kommun := map[string]bool{}, map[string]bool{}
	for i := range cases {
		insats[cases[i].Insats.String()] = true
		kommun[cases[i].Kommun.String()] = true
	}
	for _, rt := range rts {
		if judgesAny(rt, cases) {
			continue
		}
		var scope []string
		if len(rt.Insats) > 0 {
			scope = append(scope, "insats "+strings.Join(rt.Insats, ", "))
		}
		if rt.Municipality != "" {
			scope = append(scope, "municipality "+rt.Municipality)
		}
		fmt.Fprintf(w, "Note: routine %s judged no case: it applies to %s; the cases have insats %s", rt.ID, strings.Join(scope, " and "), listed(insats))
		if rt.Municipality != "" {
			fmt.Fprintf(w, " and kommun %s", listed(kommun))
		}
		fmt.Fprintf(w, ".\n      Check the routine's insats and municipality (rutinkoll routines check) against the export.\n")
	}
}

// judgesAny reports whether routine rt applies to any of cases.
func judgesAny(rt *audit.Routine, cases []audit.Case) bool {
	for i := range cases {
		if rt.Applies(&cases[i]) {
			return true
		}
	}
	return false
}

// listed returns the keys of set, sorted and quoted, at most eight; "" shows as (none).
func listed(set map[string]bool) string {
	keys := slices.Sorted(maps.Keys(set))
	var out []string
	for i, k := range keys {
		if i == 8 {
			out = append(out, fmt.Sprintf("… (%d in all)", len(keys)))
			break
		}
		if k == "" {
			k = "(none)"
		} else {
			k = strconv.Quote(k)
		}
		out = append(out, k)
	}
	return strings.Join(out, ", ")
}

// embeddedRoutine returns the embedded routine file named name ("paraply" or
// "paraply.yaml"), unless a file of that name exists on disk.
func embeddedRoutine(name string) (routinefile.File, bool) {
	if _, err := os.Stat(name); err == nil {
		return routinefile.File{}, false
	}
	return embeddedRoutineNamed(name)
}

// embeddedRoutineNamed returns the embedded routine called name ("paraply" or
// "paraply.yaml"), whether or not a file of that name exists.
func embeddedRoutineNamed(name string) (routinefile.File, bool) {
	want := "embedded:" + strings.TrimSuffix(name, ".yaml") + ".yaml"
	for _, f := range routines.Files() {
		if f.Name == want {
			return f, true
		}
	}
	return routinefile.File{}, false
}

func embeddedRoutineNames() []string {
	var out []string
	for _, f := range routines.Files() {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(f.Name, "embedded:"), ".yaml"))
	}
	return out
}

// tightenGC makes the garbage collector keep memory close to the audit's own while the
// reports are written, for large audits, and returns the function that restores it. By
// then the data set and the verdicts are nearly all the live memory and do not change,
// while the writers make short-lived garbage: at the default target (GOGC=100) the
// process grew to about twice the audit's size (2.4 GiB at 10M events). A target of 25 %
// and a soft limit of the heap plus 384 MiB (it also counts memory the heap holds but
// does not use) kept it at 1.27 GiB, in the same time (docs/benchmarks.md). A GOGC or
// GOMEMLIMIT set by the operator is left alone.
func tightenGC(verdicts int) func() {
	if verdicts < 1_000_000 || operatorSetGC() {
		return func() {}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return setGC(25, int64(ms.HeapAlloc)+384<<20)
}

// operatorSetGC reports whether the environment sets GOGC or GOMEMLIMIT, which rutinkoll's
// own tuning of the garbage collector then leaves alone.
func operatorSetGC() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }

// setGC sets the garbage collector's target percentage and soft memory limit, and
// returns the function that restores them.
func setGC(percent int, limit int64) (restore func()) {
	percent = debug.SetGCPercent(percent)
	limit = debug.SetMemoryLimit(limit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
