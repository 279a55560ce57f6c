package fastcsv_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/jszwec/csvutil"

	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
)

func ExampleReader() {
	in := "case_id;provider\r\nC000123;\"Omsorg Åkersberga AB\"\r\nC000124;\"Vård; \"\"Norr\"\"\"\r\n"
	r := fastcsv.NewReader(strings.NewReader(in), ';')
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("line %d: %q\n", r.Line(), rec)
	}
	// Output:
	// line 1: ["case_id" "provider"]
	// line 2: ["C000123" "Omsorg Åkersberga AB"]
	// line 3: ["C000124" "Vård; \"Norr\""]
}

// A Reader plugs into csvutil; decode errors then carry line and column.
func ExampleReader_csvutil() {
	type row struct {
		CaseID string `csv:"case_id"`
		Count  int    `csv:"count"`
	}
	in := "case_id,count\nC1,3\nC2,many\n"
	dec, err := csvutil.NewDecoder(fastcsv.NewReader(strings.NewReader(in), ','))
	if err != nil {
		log.Fatal(err)
	}
	for {
		var v row
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		var de *csvutil.DecodeError
		if errors.As(err, &de) {
			fmt.Printf("field %s at line %d, column %d is invalid\n", de.Field, de.Line, de.Column)
			continue
		}
		fmt.Printf("%+v\n", v)
	}
	// Output:
	// {CaseID:C1 Count:3}
	// field count at line 3, column 4 is invalid
}

// Like encoding/csv, the Reader keeps a UTF-8 byte order mark; strip it
// first when the input may come from Excel.
func ExampleReader_stripBOM() {
	in := "\ufeffcase_id,count\nC1,3\n"
	br := bufio.NewReader(strings.NewReader(in))
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	rec, err := fastcsv.NewReader(br, ',').Read()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", rec)
	// Output:
	// ["case_id" "count"]
}

func ExampleBlockSplitter() {
	in := "id,text\n1,\"two\nlines\"\n2,plain\n3,\"x\"\n"
	// Tiny blocks for the example; a block never cuts a quoted field.
	s := fastcsv.NewBlockSplitter(strings.NewReader(in), 0, int64(len(in)), 0, 16)
	for {
		blk, err := s.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		// Each block could be read in its own goroutine.
		r := fastcsv.NewBytesReader(blk.Data, ',', blk.LinesBefore)
		for {
			rec, err := r.ReadBytes()
			if err == io.EOF {
				break
			}
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("block %d line %d: %q\n", blk.Seq, r.Line(), rec)
		}
	}
	// Output:
	// block 0 line 1: ["id" "text"]
	// block 1 line 2: ["1" "two\nlines"]
	// block 1 line 4: ["2" "plain"]
	// block 2 line 5: ["3" "x"]
}
