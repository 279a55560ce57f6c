package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/trend"
)

// trendFlags are the options of `rutinkoll trend`.
type trendFlags struct {
	imp         importOptions
	ro          routineOptions
	inputs      listFlag
	verdicts    listFlag
	from, to    string
	asof        string
	out         string
	utforare    string
	muni        string
	lang        string
	generatedAt string
	logFormat   string
	minN        int
	allRules    bool
}

func (f *trendFlags) register(fs *flagSet) {
	f.ro.register(fs)
	f.imp.register(fs)
	fs.Var(&f.inputs, "input", "input `FILES` (canonical event CSV, or exports read through --profile) to evaluate at --asof (comma-separated or repeated)")
	fs.Var(&f.verdicts, "verdicts", "past months' verdicts.csv `FILES` instead of --input (oldest first: for the same case and rule the last file wins)")
	fs.StringVar(&f.from, "from", "", "first month `YYYY-MM` (required)")
	fs.StringVar(&f.to, "to", "", "last month `YYYY-MM` (required)")
	fs.StringVar(&f.asof, "asof", "", "brytdatum `YYYY-MM-DD` of the evaluation (required with --input)")
	fs.StringVar(&f.out, "out", "", "output `DIR` for trend.xlsx and trend.pdf (created if missing)")
	fs.StringVar(&f.utforare, "utforare", "", "extract for one utförare `NAME`: its cases and figures against the anonymous average of the others")
	fs.StringVar(&f.muni, "municipality", "", "municipality `NAME` printed on the report")
	fs.StringVar(&f.lang, "lang", "sv", "report language: sv or en")
	fs.StringVar(&f.generatedAt, "generated-at", "", "generation `TIME` printed in reports (RFC 3339), for reproducible output")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.IntVar(&f.minN, "min-n", 20, "least judged verdicts behind a rate before its difference from the average can be established, and before an utförare is ranked")
	fs.BoolVar(&f.allRules, "all-rules", false, "count every rule, not only the steps the utförare is responsible for")
}

// runTrend writes trend.xlsx and trend.pdf: per utförare, rule and month the verdict
// counts and compliance against the municipality average, or with --utforare an
// extract for one utförare. Exit status 1 when input rows were rejected.
func runTrend(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trend", "trend --from YYYY-MM --to YYYY-MM (--input FILES --asof DATE | --verdicts FILES) --out DIR [options]", stderr)
	var f trendFlags
	f.register(fs)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	// More files after --input or --verdicts (a shell's expansion of exports/*.csv).
	switch {
	case fs.NArg() == 0:
	case len(f.inputs) > 0 && len(f.verdicts) == 0:
		moreInputs(fs, &f.inputs)
	case len(f.verdicts) > 0 && len(f.inputs) == 0:
		moreInputs(fs, &f.verdicts)
	default:
		return usagef("unexpected argument %q: give files with --input or --verdicts", fs.Arg(0))
	}
	opt, err := f.options(args)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, f.logFormat)
	if err != nil {
		return err
	}
	jr, inJob := ctx.Value(jobRunKey{}).(jobRun)
	if inJob {
		log = jr.log // the job's logger, with job and period
	}
	vocab := audit.NewVocabulary()
	rts, err := f.ro.load(vocab)
	if err != nil {
		return err
	}
	var rules []*audit.Rule
	for _, rt := range rts {
		rules = append(rules, rt.Rules...)
	}
	obs, rejected, err := f.observations(vocab, rts, log, &opt)
	if err != nil {
		return err
	}
	rep, err := trend.Compute(obs, rules, opt)
	var ue *trend.UnknownUtforareError
	if errors.As(err, &ue) {
		return usagef("--utforare: %v", err)
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted before writing: %w", err)
	}
	files, err := writeAtomically(f.out, []outputFile{
		{"trend.xlsx", func(w io.Writer) error { return trend.WriteXLSX(w, rep) }},
		{"trend.pdf", func(w io.Writer) error { return trend.WritePDF(w, rep) }},
	})
	if err != nil {
		return err
	}
	logged := files
	if inJob {
		logged = jr.paths(files)
	}
	log.Info("trend done", "months", len(rep.Months), "utforare", len(rep.Providers), "rules", len(rep.Rules), "out", strings.Join(logged, ","))
	printTrendSummary(stdout, rep, files, &f)
	if rejected > 0 {
		fmt.Fprintf(stdout, "%d input rows were rejected: run 'rutinkoll audit' on the same input for rejected.csv\n", rejected)
		return &exitError{exitFindings}
	}
	return nil
}

// options checks the flags and turns them into trend options.
func (f *trendFlags) options(args []string) (trend.Options, error) {
	var opt trend.Options
	switch {
	case f.from == "" || f.to == "":
		return opt, usagef("--from YYYY-MM and --to YYYY-MM are required")
	case f.out == "":
		return opt, usagef("--out DIR is required")
	case len(f.inputs) == 0 && len(f.verdicts) == 0:
		return opt, usagef("--input FILES (with --asof) or --verdicts FILES is required")
	case len(f.inputs) > 0 && len(f.verdicts) > 0:
		return opt, usagef("give either --input or --verdicts, not both")
	case len(f.inputs) > 0 && f.asof == "":
		return opt, usagef("--asof YYYY-MM-DD (the brytdatum) is required with --input")
	case f.lang != "sv" && f.lang != "en":
		return opt, usagef("--lang %q: expected sv or en", f.lang)
	case f.minN < 1:
		return opt, usagef("--min-n %d: expected at least 1", f.minN)
	}
	var err error
	if opt.From, err = trend.ParseMonth(f.from); err != nil {
		return opt, usagef("--from: %v", err)
	}
	if opt.To, err = trend.ParseMonth(f.to); err != nil {
		return opt, usagef("--to: %v", err)
	}
	if opt.From > opt.To {
		return opt, usagef("--from %s is after --to %s", f.from, f.to)
	}
	opt.To = opt.To.LastOfMonth()
	if opt.GeneratedAt, err = parseGeneratedAt(f.generatedAt); err != nil {
		return opt, err
	}
	opt.MinJudged, opt.AllRules, opt.Utforare = f.minN, f.allRules, strings.TrimSpace(f.utforare)
	opt.Municipality, opt.Lang = f.muni, f.lang
	opt.CommandLine = "rutinkoll " + strings.Join(append([]string{"trend"}, args...), " ")
	opt.Source.Asof = audit.NoDate
	if f.asof != "" {
		if opt.Source.Asof, err = audit.ParseDate(f.asof); err != nil {
			return opt, usagef("--asof: %v", err)
		}
	}
	return opt, nil
}

// observations evaluates the inputs at --asof, or reads the --verdicts files, and
// returns the verdicts and the number of rejected input rows.
func (f *trendFlags) observations(vocab *audit.Vocabulary, rts []*audit.Routine, log *slog.Logger, opt *trend.Options) ([]trend.Observation, int, error) {
	if len(f.verdicts) > 0 {
		opt.Source.FromVerdicts, opt.Source.Asof = true, audit.NoDate
		var obs []trend.Observation
		for _, p := range f.verdicts {
			fh, err := os.Open(p)
			if err != nil {
				return nil, 0, fmt.Errorf("cannot read --verdicts %s: %w", p, errUnwrapPath(err))
			}
			o, err := trend.ReadVerdicts(fh, p)
			fh.Close()
			if err != nil {
				return nil, 0, err
			}
			obs = append(obs, o...)
			opt.Source.Files = append(opt.Source.Files, p)
		}
		obs, dropped := trend.Dedupe(obs)
		if dropped > 0 {
			log.Info("verdicts files overlap: the later file counts", "dropped", dropped)
		}
		return obs, 0, nil
	}
	inputs, err := fileInputs(f.inputs)
	if err != nil {
		return nil, 0, err
	}
	in, err := readInputs(inputs, vocab, log, f.imp)
	if err != nil {
		return nil, 0, err
	}
	for _, s := range in.stats {
		opt.Source.Files = append(opt.Source.Files, s.File)
	}
	res := audit.Evaluate(in.dataset, rts, audit.Options{Asof: opt.Source.Asof, Holds: in.holds})
	return trend.FromResult(in.dataset, res), len(in.rejected), nil
}

// printTrendSummary prints the figures a user wants at once.
func printTrendSummary(w io.Writer, rep *trend.Report, files []string, f *trendFlags) {
	ref := &rep.Reference.Total
	rate := "–"
	if v, ok := ref.Rate(); ok {
		rate = fmt.Sprintf("%.1f %%", v*100)
	}
	who := fmt.Sprintf("%d utförare", len(rep.Providers))
	if rep.Extract != "" {
		who = fmt.Sprintf("extract for %s against %d others", rep.Extract, rep.Others)
	}
	fmt.Fprintf(w, "Trend %s – %s: %s, %d rules; average %s of %d judged\n", rep.Months[0].Period(), rep.Months[len(rep.Months)-1].Period(), who, len(rep.Rules), rate, ref.Judged())
	worse, better, uncertain := 0, 0, 0
	for i := range rep.Providers {
		switch c := rep.Providers[i].Comparison; {
		case c == trend.Worse:
			worse++
		case c == trend.Better:
			better++
		default:
			uncertain++
		}
	}
	fmt.Fprintf(w, "Against the average: %d established above, %d below, %d where the difference cannot be established "+
		"(fewer than %d judged, or a 95 %% interval that overlaps the average's)\n", better, worse, uncertain, rep.MinJudged)
	if rep.Source.Asof != audit.NoDate && rep.Months[len(rep.Months)-1].LastOfMonth() > rep.Source.Asof {
		fmt.Fprintf(w, "Note: --to %s ends after the brytdatum %s: the last months hold mostly pågående verdicts\n", f.to, rep.Source.Asof)
	}
	for _, p := range files {
		fmt.Fprintf(w, "Wrote %s\n", p)
	}
}
