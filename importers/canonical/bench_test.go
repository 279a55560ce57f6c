package canonical

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/generate"
)

// benchData is a generated canonical file of 200,000 rows, like the files of
// `rutinkoll bench` (Swedish text in several columns, rows grouped by case).
var benchData = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	err := generate.Write(&buf, generate.Options{Cases: 20001, Seed: 42, From: audit.MustDate("2025-01-01"), To: audit.MustDate("2026-10-31"), MaxRows: 200_000, Commas: true})
	if err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// BenchmarkReadFileAt reads the benchmark file in blocks with one worker (the CPU
// cost) and with every core, and sequentially with ReadFile.
func BenchmarkReadFileAt(b *testing.B) {
	data := benchData()
	vocab := audit.NewVocabulary()
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				bld := NewBuilder(vocab)
				if err := bld.ReadFileAt("bench.csv", bytes.NewReader(data), int64(len(data)), workers); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("ReadFile", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			bld := NewBuilder(vocab)
			if err := bld.ReadFile("bench.csv", bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
