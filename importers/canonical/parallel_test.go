package canonical

import (
	"bytes"
	"fmt"
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
