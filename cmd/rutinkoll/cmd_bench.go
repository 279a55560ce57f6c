package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/generate"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/atomicfile"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// benchStages are the stages timed on each file, each in a fresh child process so that
// its peak RSS is its own.
var benchStages = []struct{ name, what string }{
	{"floor", "read the file's bytes"},
	{"csv", "encoding/csv, every record"},
	{"peer", "the --peer command (DuckDB's reference query, say)"},
	{"import", "rutinkoll import"},
	{"audit", "import + audit (all routines)"},
	{"full", "full run with every report"},
}

// runBench generates canonical event files of several sizes (or reuses them) and times
// each stage on each, printing a table with peak RSS, ratios and time per million events.
// It also times each stage on a file of startRows rows, its start, and prints the time
// per million events after the start, and how that time at the smallest size compares
// with that at the largest. The runs are made in rounds, the sizes in turns
// (benchSchedule).
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", "bench [--sizes 1M,2M,5M,10M] [--runs 3] [--dir DIR] [--stages floor,csv,import,audit,full] [--peer COMMAND] [--order case|date]", stderr)
	sizes := fs.String("sizes", "1M,2M,5M,10M", "event counts of the generated files")
	runs := fs.Int("runs", 3, "runs of each stage on each size, made in rounds (the sizes in turns); the median is reported")
	dir := fs.String("dir", filepath.Join(os.TempDir(), "rutinkoll-bench"), "`DIR` for the generated files (reused when present) and the stages' outputs (DIR/out-STAGE, emptied before each run)")
	stageList := fs.String("stages", "floor,csv,import,audit,full", "stages to time")
	peer := fs.String("peer", "", "`COMMAND` timed on each file as stage peer, the file added as its last argument (words split on spaces), e.g. the binary of cmd/peerbench with --runs 1")
	order := fs.String("order", "case", "row order of the generated files: case (each case's rows together, as exports list them) or date (sorted by the date column, each case's rows spread over the file)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if err := noArguments(fs); err != nil {
		return err
	}
	if *runs < 1 {
		return usagef("--runs %d: give 1 or more runs per stage", *runs)
	}
	if *order != "case" && *order != "date" {
		return usagef("--order %q: give case or date", *order)
	}
	var sizeList []benchInput
	for _, sz := range strings.Split(*sizes, ",") {
		n, err := parseCount(sz)
		if err != nil {
			return usagef("--sizes: %v", err)
		}
		sizeList = append(sizeList, benchInput{name: strings.TrimSpace(sz), rows: n})
	}
	// Smallest first: the time per million events is compared between the ends.
	slices.SortStableFunc(sizeList, func(a, b benchInput) int { return a.rows - b.rows })
	var peerArgs []string
	if *peer != "" {
		peerArgs = strings.Fields(*peer)
		if _, err := exec.LookPath(peerArgs[0]); err != nil {
			return usagef("--peer: %v; give the path of a program that takes the events file as its last argument (see cmd/peerbench)", err)
		}
	}
	stages, err := benchStageList(*stageList, peerArgs != nil)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: cannot find own executable: %w", err)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	host, _ := os.Hostname()
	fmt.Fprintf(stdout, "rutinkoll bench — %s, %s, %d CPUs (GOMAXPROCS %d), %s/%s, %s, %s, the sizes in turns, rows by %s\n\n",
		time.Now().Format("2006-01-02"), host, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), medianOf(*runs), *order)
	if out, err := exec.CommandContext(ctx, self, "bench-stage", "touch", "-", "-").Output(); err == nil {
		// On some virtual machines the first touch of fresh memory costs more than the
		// work done in it: then peak memory is time too.
		fmt.Fprintf(stdout, "memory: seconds per GiB written for the first time, and again: %s\n", strings.TrimSpace(string(out)))
	}
	// The files, made (or found) before any run is timed: the start's first, then the
	// sizes, smallest first. A stage's start is its time on the file of startRows
	// rows: starting the process, loading the routines, writing empty reports. The time
	// per million events after it is what grows with the file.
	inputs := []benchInput{{name: fmt.Sprintf("%d rows", startRows), rows: startRows}}
	inputs = append(inputs, sizeList...)
	for i := range inputs {
		rowOrder := *order
		if i == 0 {
			rowOrder = "case"
		}
		if inputs[i].path, err = benchFile(*dir, inputs[i].rows, rowOrder, stderr); err != nil {
			return err
		}
		st, err := os.Stat(inputs[i].path)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		inputs[i].bytes = st.Size()
	}
	outDir := func(stage string) string { return filepath.Join(*dir, "out-"+stage) }
	clearOutputs := func(job benchJob) error {
		if err := os.RemoveAll(outDir(job.stage)); err != nil {
			return fmt.Errorf("bench: removing the last run's outputs: %w", err)
		}
		return nil
	}
	run := func(job benchJob) (benchSample, error) {
		path := inputs[job.file].path
		argv := []string{self, "bench-stage", job.stage, path, outDir(job.stage)}
		if job.stage == "peer" {
			argv = append(slices.Clip(peerArgs), path)
		}
		return runStage(ctx, argv)
	}
	schedule := benchSchedule(len(sizeList), stages, *runs, startPerSize(len(sizeList), *runs))
	samples, err := timeRuns(schedule, inputs, clearOutputs, run, stderr)
	if err != nil {
		return err
	}
	return writeBenchReport(stdout, inputs, stages, samples, strings.Join(peerArgs, " "))
}

// benchStageList returns the stages of the comma-separated list, in the order they are
// timed, with the peer stage whenever there is a peer command (listed or not).
func benchStageList(list string, peer bool) ([]string, error) {
	wanted := map[string]bool{}
	var known []string
	for _, stage := range benchStages {
		if stage.name != "peer" {
			known = append(known, stage.name)
		}
	}
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		switch {
		case s == "peer":
			if !peer {
				return nil, usagef("--stages: the peer stage needs --peer COMMAND, the program to time (see cmd/peerbench)")
			}
		case !slices.Contains(known, s):
			return nil, usagef("--stages: unknown stage %q; give some of %s, separated by commas", s, strings.Join(known, ","))
		}
		wanted[s] = true
	}
	var stages []string
	for _, stage := range benchStages {
		if stage.name == "peer" && peer || wanted[stage.name] {
			stages = append(stages, stage.name)
		}
	}
	return stages, nil
}

// startRows is the size of the file a stage's start is timed on.
const startRows = 10

func parseCount(s string) (int, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	mult := 1
	switch {
	case strings.HasSuffix(s, "M"):
		mult, s = 1_000_000, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "K"):
		mult, s = 1_000, strings.TrimSuffix(s, "K")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a count such as 10M", s)
	}
	return n * mult, nil
}

// benchFile returns a generated canonical file of about n events, its rows grouped by
// case (order "case") or sorted by date ("date", made from the grouped file), making
// it once.
func benchFile(dir string, n int, order string, stderr io.Writer) (string, error) {
	// v2: the files since quoted fields with commas were added; older ones are not reused.
	path := filepath.Join(dir, fmt.Sprintf("events-%d-rows-v2.csv", n))
	args := []string{"generate", path, strconv.Itoa(n)}
	if order == "date" {
		grouped, err := benchFile(dir, n, "case", stderr)
		if err != nil {
			return "", err
		}
		path = filepath.Join(dir, fmt.Sprintf("events-%d-rows-v2-by-date.csv", n))
		args = []string{"sortdate", grouped, path}
	}
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	fmt.Fprintf(stderr, "generating %s …\n", path)
	// In a child process, so that this process stays small: a child's peak RSS counts
	// from the fork.
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	cmd := exec.Command(self, append([]string{"bench-stage"}, args...)...)
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("bench: generating %s: %w", path, err)
	}
	return path, nil
}

// generateBenchFile writes a canonical file of n events (rows), about eleven per case,
// about one row in six with a quoted field holding a comma.
func generateBenchFile(path string, n int) error {
	err := atomicfile.Write(path, func(f io.Writer) error {
		w := bufio.NewWriterSize(f, 1<<20)
		// The generator writes about 11 events per case: make enough cases, keep n rows.
		if err := generate.Write(w, generate.Options{Cases: n/10 + 1, Seed: 42, From: audit.MustDate("2025-01-01"), To: audit.MustDate("2026-10-31"), MaxRows: n, Commas: true}); err != nil {
			return err
		}
		return w.Flush()
	})
	if err != nil {
		return fmt.Errorf("bench: generating %s: %w", path, err)
	}
	return nil
}

// runStage runs one stage, the child process argv, and returns its wall time, its CPU
// time (user + system) and its peak RSS (KiB).
func runStage(ctx context.Context, argv []string) (benchSample, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return benchSample{}, fmt.Errorf("bench: %s: %w\n%s", strings.Join(argv, " "), err, errb.String())
	}
	wall := time.Since(start).Seconds()
	ps := cmd.ProcessState
	return benchSample{wall: wall, cpu: (ps.UserTime() + ps.SystemTime()).Seconds(), rss: peakRSS(ps)}, nil
}

// runBenchStage is the child side of runBench (a hidden command).
func runBenchStage(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) != 3 {
		return usagef("bench-stage STAGE FILE OUTDIR")
	}
	stage, path, out := args[0], args[1], args[2]
	if p := os.Getenv("RUTINKOLL_CPUPROFILE"); p != "" {
		stop, err := startCPUProfile(p)
		if err != nil {
			return err
		}
		defer stop()
	}
	if p := os.Getenv("RUTINKOLL_MEMPROFILE"); p != "" {
		defer func() {
			if err := writeHeapProfile(p); err != nil {
				fmt.Fprintln(stderr, err)
			}
		}()
	}
	switch stage {
	case "generate":
		n, err := strconv.Atoi(out)
		if err != nil {
			return usagef("bench-stage generate FILE N")
		}
		return generateBenchFile(path, n)
	case "sortdate":
		return sortByDate(path, out)
	case "touch":
		first, again := touchMemory(512 << 20)
		fmt.Fprintf(stdout, "%.2f %.2f\n", first, again)
	case "floor":
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		buf := make([]byte, 1<<20)
		lines := 0
		for {
			n, err := f.Read(buf)
			lines += bytes.Count(buf[:n], []byte{'\n'})
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
		}
		fmt.Fprintln(stdout, lines)
	case "csv":
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
		r.Comma, r.ReuseRecord, r.FieldsPerRecord = ';', true, -1
		n := 0
		for {
			_, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			n++
		}
		fmt.Fprintln(stdout, n)
	case "import", "audit":
		vocab := audit.NewVocabulary()
		var ro routineOptions
		rts, err := ro.load(vocab)
		if err != nil {
			return err
		}
		start := time.Now()
		in, err := readInputs([]namedInput{fileInput(path)}, vocab, discardLogger(), importOptions{})
		if err != nil {
			return err
		}
		// The phases, on stderr, for a look at where the time goes.
		fmt.Fprintf(stderr, "import %.2f s", time.Since(start).Seconds())
		if stage == "audit" {
			t := time.Now()
			// As the audit command judges: counted while judged, the listed verdicts kept.
			res, s := stats.Judge(in.dataset, rts, audit.Options{Asof: audit.MustDate("2026-10-31")}, reports.Listed, stats.Options{})
			fmt.Fprintf(stderr, ", evaluate and aggregate %.2f s", time.Since(t).Seconds())
			fmt.Fprintln(stdout, len(res.Verdicts), s.Total.Total)
		}
		fmt.Fprintln(stderr)
	case "full":
		code := Run(ctx, []string{"audit", "--input", path, "--asof", "2026-10-31", "--out", out, "--log-format", "text"}, io.Discard, io.Discard)
		if code == exitFailure {
			return fmt.Errorf("full run failed")
		}
	default:
		return usagef("unknown stage %q", stage)
	}
	return nil
}

// touchMemory writes one byte to every page of n fresh bytes, then again, and returns
// the seconds per GiB of each pass.
func touchMemory(n int) (first, again float64) {
	b := make([]byte, n)
	pass := func() float64 {
		start := time.Now()
		for i := 0; i < len(b); i += 4096 {
			b[i]++
		}
		return time.Since(start).Seconds() * float64(1<<30) / float64(n)
	}
	first = pass()
	again = pass()
	runtime.KeepAlive(b)
	return first, again
}
