// Command peerbench times a peer, DuckDB, on a rutinkoll benchmark file, so that
// rutinkoll's numbers can be compared with it on the same machine. It runs the
// reference query of issue 9 (first event A and first event B of each case, count the
// cases where B − A > 3 days) and prints the wall time, CPU time and peak RSS.
//
// It is its own module so that rutinkoll's build and CI never download DuckDB
// (~570 MB of modules, ~80 s to build):
//
//	cd cmd/peerbench && go run . /tmp/rutinkoll-bench/events-10000000-rows-v2.csv
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	runs := flag.Int("runs", 3, "times to run the query; each run is printed")
	threads := flag.Int("threads", 2, "DuckDB threads")
	a := flag.String("a", "beslut", "event A")
	b := flag.String("b", "bestallning_bekraftad", "event B")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: peerbench [--runs N] [--threads N] [--a EVENT] [--b EVENT] EVENTS.csv")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *runs, *threads, *a, *b); err != nil {
		fmt.Fprintln(os.Stderr, "peerbench:", err)
		os.Exit(1)
	}
}

func run(file string, runs, threads int, a, b string) error {
	if _, err := os.Stat(file); err != nil {
		return err
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return fmt.Errorf("opening DuckDB: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(fmt.Sprintf("SET threads = %d", threads)); err != nil {
		return fmt.Errorf("setting threads: %w", err)
	}
	var version string
	if err := db.QueryRow("SELECT version()").Scan(&version); err != nil {
		return fmt.Errorf("reading the version: %w", err)
	}
	q := `SELECT count(*) FROM (
  SELECT case_id,
         min(date) FILTER (WHERE event = ?) AS a,
         min(date) FILTER (WHERE event = ?) AS b
  FROM read_csv(?, delim = ';', header = true, quote = '"',
                columns = {'case_id': 'VARCHAR', 'person': 'VARCHAR', 'insats': 'VARCHAR',
                           'utforare': 'VARCHAR', 'enhet': 'VARCHAR', 'kommun': 'VARCHAR',
                           'event': 'VARCHAR', 'date': 'DATE', 'registered': 'VARCHAR',
                           'frequency': 'VARCHAR', 'flags': 'VARCHAR', 'gender': 'VARCHAR',
                           'ivo_code': 'VARCHAR', 'details': 'VARCHAR'})
  GROUP BY case_id)
WHERE b - a > 3`
	fmt.Printf("DuckDB %s, %d threads, %s\n", version, threads, file)
	fmt.Printf("%4s %9s %7s %14s %10s\n", "run", "seconds", "CPU s", "peak RSS MiB", "cases")
	for i := 1; i <= runs; i++ {
		var before, after syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
		t0 := time.Now()
		var n int64
		if err := db.QueryRow(q, a, b, file).Scan(&n); err != nil {
			return fmt.Errorf("running the query: %w", err)
		}
		wall := time.Since(t0)
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		cpu := tv(after.Utime) + tv(after.Stime) - tv(before.Utime) - tv(before.Stime)
		fmt.Printf("%4d %9.2f %7.2f %14d %10d\n", i, wall.Seconds(), cpu.Seconds(), after.Maxrss/1024, n)
	}
	fmt.Println(strings.Repeat("-", 48))
	fmt.Println("peak RSS is the process's largest so far (it only grows across runs)")
	return nil
}

func tv(t syscall.Timeval) time.Duration {
	return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
}
