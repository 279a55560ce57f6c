package fastcsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// benchTargetSize is the approximate size of the generated benchmark input.
const benchTargetSize = 50 << 20

var (
	benchOnce      sync.Once
	benchData      []byte
	benchQuoted    []byte
	benchRecords   int
	benchQuotedErr error
)

// benchInput returns a deterministic ~50 MB semicolon-separated file of
// 8-column case rows and its number of records (including the header).
// About one row in eight has a quoted provider name containing a comma, a
// semicolon or an escaped quote, and names contain å, ä and ö.
func benchInput() ([]byte, int) {
	benchOnce.Do(func() {
		rng := rand.New(rand.NewPCG(2026, 3))
		services := []string{"hemtjanst", "sarskilt_boende", "dagverksamhet", "trygghetslarm", "ledsagning"}
		providers := []string{"Omsorg Åkersberga AB", "Vård i Väst", "Hemtjänst Öst", "Äldreomsorg Norr AB", "Kommunal regi"}
		quoted := []string{`"Omsorg Åkersberga, filial"`, `"Vård; Omsorg AB"`, `"Hemtjänst ""Öst"" AB"`}
		units := []string{"Enhet Norr", "Enhet Söder", "Enhet Öst", "Enhet Väst"}
		statuses := []string{"bestallning_mottagen", "beslut_fattat", "insats_pagar", "avslutad"}
		var b bytes.Buffer
		b.Grow(benchTargetSize + 1<<10)
		b.WriteString("case_id;person_id;service;provider;unit;status;from;to\n")
		n := 0
		for b.Len() < benchTargetSize {
			provider := providers[rng.IntN(len(providers))]
			if rng.IntN(8) == 0 {
				provider = quoted[rng.IntN(len(quoted))]
			}
			fmt.Fprintf(&b, "C%06d;p-%06x;%s;%s;%s;%s;2026-%02d-%02d;2026-%02d-%02d\n",
				n, rng.IntN(1<<24), services[rng.IntN(len(services))], provider,
				units[rng.IntN(len(units))], statuses[rng.IntN(len(statuses))],
				1+rng.IntN(12), 1+rng.IntN(28), 1+rng.IntN(12), 1+rng.IntN(28))
			n++
		}
		benchData = b.Bytes()
		benchRecords = n + 1
		benchQuoted, benchQuotedErr = quoteAll(benchData)
	})
	return benchData, benchRecords
}

// quoteAll rewrites a semicolon-separated file with every field quoted and
// CRLF line endings, as some exporters write it.
func quoteAll(data []byte) ([]byte, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.ReuseRecord = true
	var b bytes.Buffer
	b.Grow(len(data) * 5 / 4)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return b.Bytes(), nil
		}
		if err != nil {
			return nil, err
		}
		for i, f := range rec {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
}

// benchInputs returns the benchmark inputs by name.
func benchInputs(b *testing.B) []struct {
	name string
	data []byte
} {
	b.Helper()
	data, _ := benchInput()
	if benchQuotedErr != nil {
		b.Fatal(benchQuotedErr)
	}
	return []struct {
		name string
		data []byte
	}{{"mixed", data}, {"all-quoted", benchQuoted}}
}

// recordReader is the Read method shared by both readers.
type recordReader interface {
	Read() ([]string, error)
}

// benchRead reads all records of the reader made by newReader per op.
func benchRead(b *testing.B, data []byte, newReader func(io.Reader, bool) recordReader) {
	_, records := benchInput()
	for _, reuse := range []bool{true, false} {
		b.Run(fmt.Sprintf("reuse=%v", reuse), func(b *testing.B) {
			// Start each run with a swept heap, so that no benchmark
			// pays for the garbage of input generation or of the
			// previous benchmark.
			runtime.GC()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r := newReader(bytes.NewReader(data), reuse)
				n := 0
				for {
					_, err := r.Read()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != records {
					b.Fatalf("read %d records, want %d", n, records)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*records), "ns/record")
		})
	}
}

func BenchmarkFastCSV(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			benchRead(b, in.data, func(src io.Reader, reuse bool) recordReader {
				r := NewReader(src, ';')
				r.ReuseRecord = reuse
				return r
			})
		})
	}
}

func BenchmarkEncodingCSV(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			benchRead(b, in.data, func(src io.Reader, reuse bool) recordReader {
				r := csv.NewReader(src)
				r.Comma = ';'
				r.FieldsPerRecord = -1
				r.ReuseRecord = reuse
				return r
			})
		})
	}
}

// BenchmarkFastCSVParallelBlocks reads the mixed input as rutinkoll's importer does:
// one goroutine cuts 512 KiB record-aligned blocks, one worker per GOMAXPROCS reads
// them in place with ReadBytes (no allocation per record).
func BenchmarkFastCSVParallelBlocks(b *testing.B) {
	data, records := benchInput()
	src := bytes.NewReader(data)
	runtime.GC()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		blocks := make(chan Block)
		var splitErr error
		go func() {
			defer close(blocks)
			s := NewBlockSplitter(src, 0, int64(len(data)), 0, 512<<10)
			for {
				blk, err := s.Next(nil)
				if err != nil {
					if err != io.EOF {
						splitErr = err
					}
					return
				}
				blocks <- blk
			}
		}()
		workers := runtime.GOMAXPROCS(0)
		counts := make([]int, workers)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for blk := range blocks {
					r := NewBytesReader(blk.Data, ';', blk.LinesBefore)
					for {
						_, err := r.ReadBytes()
						if err == io.EOF {
							break
						}
						if err != nil && errs[w] == nil {
							errs[w] = err
						}
						counts[w]++
					}
				}
			})
		}
		wg.Wait()
		n := 0
		for w := range workers {
			if errs[w] != nil {
				b.Fatal(errs[w])
			}
			n += counts[w]
		}
		if splitErr != nil {
			b.Fatal(splitErr)
		}
		if n != records {
			b.Fatalf("read %d records, want %d", n, records)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*records), "ns/record")
}

// BenchmarkReadBytesInPlace is one block worker's loop: the mixed input read in place
// with ReadBytes on one goroutine, every field touched.
func BenchmarkReadBytesInPlace(b *testing.B) {
	data, records := benchInput()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewBytesReader(data, ';', 0)
		n, sum := 0, 0
		for {
			rec, err := r.ReadBytes()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
			sum += len(rec[len(rec)-1])
		}
		if n != records || sum == 0 {
			b.Fatalf("%d records, want %d", n, records)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*records), "ns/record")
}
