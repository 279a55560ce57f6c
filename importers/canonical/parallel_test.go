package canonical

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// TestReadFileAtMatchesReadFile: the parallel reader gives exactly the sequential
// result — cases, events, order, sources, rejections, counts — for any worker count.
func TestReadFileAtMatchesReadFile(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("\ufeffcase_id;person;insats;utforare;event;date;registered;details\n")
	for i := 0; i < 3000; i++ {
		c := fmt.Sprintf("C%04d", (i*7)%900)
		switch i % 97 {
		case 5:
			fmt.Fprintf(&sb, "%s;P;hemtjanst;\"Omsorg\nÅkersberga; AB\";beslut;2026-02-30;;\n", c) // quoted newline, bad date
		case 17:
			fmt.Fprintf(&sb, "%s;P;hemtjanst;U;avslut;2026-12-01;;\n%s;P;hemtjanst;U;avslut;2026-12-01;;\n", c, c)
		case 11:
			fmt.Fprintf(&sb, "%s;P;hemtjanst;U;bestalning_mottagen;2026-03-01;;\n", c)
		case 23:
			fmt.Fprintf(&sb, "%s;P;hemtjanst;U;beslut;2026-03-01;\n", c) // a field short
		case 29:
			fmt.Fprintf(&sb, "%s;P;hemtjanst;U; AB;beslut;2026-03-01;;\n", c) // shifted: a field too many
		case 41:
			fmt.Fprintf(&sb, "%s;P;hemtjanst;U;beslut;2026-03-01;;\n", strings.Repeat("Å", audit.MaxCaseText/2+1)) // an id too long
		case 43:
			fmt.Fprintf(&sb, "%s;%s;hemtjanst;U;beslut;2026-03-01;;\n", c, strings.Repeat("p", audit.MaxCaseText+1)) // a pseudonym too long
		default:
			fmt.Fprintf(&sb, "%s;P%d;hemtjanst;\"U, %d\";%s;2026-%02d-%02d;;x=%d\n", c, i%900, i%5, []string{"beslut", "bestallning_mottagen", "insats_paborjad", "uppfoljning"}[i%4], 1+i%12, 1+i%28, i)
		}
	}
	data := []byte(sb.String())
	seq := NewBuilder(audit.NewVocabulary())
	if err := seq.ReadFile("f.csv", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	want := seq.Dataset()
	defer func(n int) { blockSize = n }(blockSize)
	for _, w := range []int{1, 2, 3, 8} {
		blockSize = []int{16, 100, 4096, 1 << 20}[w%4]
		par := NewBuilder(audit.NewVocabulary())
		if err := par.ReadFileAt("f.csv", bytes.NewReader(data), int64(len(data)), w); err != nil {
			t.Fatal(err)
		}
		got := par.Dataset()
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("workers=%d, blocks of %d bytes: dataset differs from the sequential read", w, blockSize)
		}
		if !reflect.DeepEqual(seq.Stats, par.Stats) || !reflect.DeepEqual(seq.Rejected, par.Rejected) {
			t.Fatalf("workers=%d: stats or rejections differ:\n%+v\n%+v", w, seq.Stats, par.Stats)
		}
	}
	if len(seq.Rejected) == 0 || seq.Stats[0].Duplicates == 0 {
		t.Fatal("the test input should have rejections and duplicates")
	}
}

// TestMixedReadsJoinCases: files read one by ReadFile and one by ReadFileAt on one
// Builder, with case ids in both, give the data set that reading both with ReadFile
// gives, whichever reader comes first.
func TestMixedReadsJoinCases(t *testing.T) {
	const head = "case_id;person;insats;utforare;event;date\n"
	f1 := head + "A;P1;hemtjanst;U;beslut;2026-03-01\nB;P2;hemtjanst;U;beslut;2026-03-02\n"
	f2 := head + "B;P2;hemtjanst;U;bestallning_mottagen;2026-03-03\nC;P3;hemtjanst;U;beslut;2026-03-04\nA;P1;hemtjanst;U;beslut;2026-03-01\n"
	want, err := read(t, f1, f2)
	if err != nil {
		t.Fatal(err)
	}
	wantDS := want.Dataset()
	if len(wantDS.Cases) != 3 {
		t.Fatalf("the test files should hold 3 cases, got %d", len(wantDS.Cases))
	}
	for _, parFirst := range []bool{false, true} {
		b := NewBuilder(audit.NewVocabulary())
		for i, f := range []string{f1, f2} {
			name := fmt.Sprintf("f%d.csv", i+1)
			var err error
			if (i == 0) == parFirst {
				err = b.ReadFileAt(name, strings.NewReader(f), int64(len(f)), 2)
			} else {
				err = b.ReadFile(name, strings.NewReader(f))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := b.Dataset(); !reflect.DeepEqual(wantDS, got) {
			t.Errorf("ReadFileAt first=%v: data set differs:\n got %+v\nwant %+v", parFirst, got.Cases, wantDS.Cases)
		}
		if !reflect.DeepEqual(want.Stats, b.Stats) {
			t.Errorf("ReadFileAt first=%v: stats %+v, want %+v", parFirst, b.Stats, want.Stats)
		}
	}
}

// TestReadAfterDataset: once the data set is finished, reading another file fails
// with ErrFinished and leaves the data set as it was.
func TestReadAfterDataset(t *testing.T) {
	f := "case_id;event;date\nA;beslut;2026-03-01\n"
	b := NewBuilder(audit.NewVocabulary())
	if err := b.ReadFile("f1.csv", strings.NewReader(f)); err != nil {
		t.Fatal(err)
	}
	ds := b.Dataset()
	for name, read := range map[string]func() error{
		"ReadFile":   func() error { return b.ReadFile("f2.csv", strings.NewReader(f)) },
		"ReadFileAt": func() error { return b.ReadFileAt("f2.csv", strings.NewReader(f), int64(len(f)), 2) },
	} {
		err := read()
		if !errors.Is(err, ErrFinished) || !strings.Contains(err.Error(), "f2.csv") {
			t.Errorf("%s after Dataset: %v, want ErrFinished naming f2.csv", name, err)
		}
	}
	if again := b.Dataset(); again != ds || len(ds.Cases) != 1 || len(ds.Files) != 1 {
		t.Errorf("data set changed: %d cases, %d files", len(ds.Cases), len(ds.Files))
	}
}

// mixedFile is a file of rows of up to ncases cases in runs of one to three rows, so
// that cases come back after others (as in a file sorted by date) and their events
// grow a block at a time; each row's details name its file and row.
func mixedFile(rng *rand.Rand, runs, ncases, fileNo int) string {
	var sb strings.Builder
	sb.WriteString("case_id;person;insats;utforare;event;date;registered;details\n")
	codes := []string{"beslut", "bestallning_mottagen", "insats_paborjad", "uppfoljning"}
	for i := range runs {
		c := fmt.Sprintf("C%05d", rng.IntN(ncases))
		for range 1 + rng.IntN(3) {
			fmt.Fprintf(&sb, "%s;P;hemtjanst;U%d;%s;2026-%02d-%02d;;f=%d\n", c, rng.IntN(3), codes[rng.IntN(4)], 1+rng.IntN(12), 1+rng.IntN(28), fileNo*100000+i)
		}
	}
	return sb.String()
}

// TestMixedReadersManyFiles: four files whose cases recur across blocks and files,
// each read by ReadFile or by ReadFileAt (1–3 workers, blocks of 64 B–16 KiB) at
// random, give the data set and counts that reading all of them with ReadFile gives:
// cases growing in the Builder's rooms, which are reused, never share or lose events.
func TestMixedReadersManyFiles(t *testing.T) {
	defer func(n int) { blockSize = n }(blockSize)
	for seed := range 3 {
		rng := rand.New(rand.NewPCG(uint64(seed), 3))
		var files []string
		for f := range 4 {
			files = append(files, mixedFile(rng, 1000+rng.IntN(2000), 50+rng.IntN(1000), f))
		}
		seq := NewBuilder(audit.NewVocabulary())
		for i, f := range files {
			if err := seq.ReadFile(fmt.Sprintf("f%d.csv", i), strings.NewReader(f)); err != nil {
				t.Fatal(err)
			}
		}
		want := seq.Dataset()
		for trial := range 4 {
			b := NewBuilder(audit.NewVocabulary())
			for i, f := range files {
				blockSize = []int{64, 300, 2048, 16 << 10}[rng.IntN(4)]
				name := fmt.Sprintf("f%d.csv", i)
				var err error
				if rng.IntN(3) == 0 {
					err = b.ReadFile(name, strings.NewReader(f))
				} else {
					err = b.ReadFileAt(name, bytes.NewReader([]byte(f)), int64(len(f)), 1+rng.IntN(3))
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if got := b.Dataset(); !reflect.DeepEqual(want, got) {
				t.Fatalf("seed %d, trial %d: the data set differs from ReadFile's", seed, trial)
			}
			if !reflect.DeepEqual(seq.Stats, b.Stats) {
				t.Fatalf("seed %d, trial %d: counts %+v, ReadFile's %+v", seed, trial, b.Stats, seq.Stats)
			}
		}
	}
}
