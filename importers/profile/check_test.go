package profile

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Check on each built-in sample: the report, as text, is a golden file; its figures
// agree with what Import finds.
func TestCheckBuiltInSamples(t *testing.T) {
	for _, tt := range []struct {
		profile, file string
		ok            bool
	}{
		{"magnacura", "magnacura-listutdrag.csv", false},
		{"paraply", "paraply-bestallningar.csv", false},
		{"generic-long", "generic-long.csv", false},
		{"generic-wide", "generic-wide.xlsx", false},
	} {
		t.Run(tt.profile, func(t *testing.T) {
			p, _ := Lookup(tt.profile)
			rep := Check(p, FileInput(filepath.Join(exportsDir, tt.file)), CheckOptions{Today: testToday})
			if rep.OK() != tt.ok {
				t.Errorf("OK() = %v", rep.OK())
			}
			if len(rep.Problems) > 0 || len(rep.Missing) > 0 {
				t.Errorf("problems %v, missing %v", rep.Problems, rep.Missing)
			}
			var b strings.Builder
			if err := rep.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			assertNoPersonnummer(t, "report", b.String())
			golden(t, "check-"+tt.profile+".golden", b.String())
		})
	}
}

func TestCheckFindings(t *testing.T) {
	p, _ := Lookup("magnacura")
	rep := Check(p, FileInput(filepath.Join(exportsDir, "magnacura-listutdrag.csv")), CheckOptions{Today: testToday, Rows: 5})
	if rep.Rows != 5 || rep.CheckedAll {
		t.Errorf("rows %d, all %v", rep.Rows, rep.CheckedAll)
	}
	if rep.Info.Encoding != "windows-1252" || rep.Info.Delimiter != ";" || rep.Info.HeaderLine != 1 {
		t.Errorf("info %+v", rep.Info)
	}
	if strings.Join(rep.Unused, ",") != "Namn,Kommentar" {
		t.Errorf("unused %v", rep.Unused)
	}
	if pc := rep.Person; pc == nil || pc.Filled != 5 || pc.Valid != 4 || pc.Failures[0].Line != 6 || pc.Failures[0].Value != hiddenNumber {
		t.Errorf("person check %+v", rep.Person)
	}
	if len(rep.Found) != 15 {
		t.Errorf("found %d columns", len(rep.Found))
	}

	// A file that is not the profile's: missing columns with the nearest headers.
	rep = Check(p, FileInput(filepath.Join(exportsDir, "generic-long.csv")), CheckOptions{Today: testToday})
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "looks like UTF-8 text, not windows-1252") {
		t.Errorf("problems %v", rep.Problems)
	}
	g, _ := Lookup("paraply")
	rep = Check(g, FileInput(filepath.Join(exportsDir, "magnacura-listutdrag.csv")), CheckOptions{Today: testToday})
	if len(rep.Missing) != 3 || rep.Missing[2].Nearest != "Beslutsdatum" || rep.OK() {
		t.Errorf("missing %v", rep.Missing)
	}
	var b strings.Builder
	_ = rep.WriteText(&b)
	if !strings.Contains(b.String(), "Required columns MISSING (3) — an import would stop:") {
		t.Errorf("report:\n%s", b.String())
	}
}

func TestCheckOKFile(t *testing.T) {
	p := mustParse(t, longProfile)
	rep := Check(p, BytesInput("ok.csv", []byte(sampleLong)), CheckOptions{Today: testToday})
	if !rep.OK() {
		var b strings.Builder
		_ = rep.WriteText(&b)
		t.Fatalf("not OK:\n%s", b.String())
	}
}

// TestHeaderBelowTitle: an export with a title line above its header gets advice to
// set header_row, from check and from import, with a fixed delimiter or with auto.
func TestHeaderBelowTitle(t *testing.T) {
	data := []byte("Rapport utdragen 2026-10-01\n\n" + sampleLong)
	auto := mustParse(t, longProfile)
	if auto.Delimiter != 0 {
		t.Fatal("longProfile should detect its delimiter")
	}
	fixed := *auto
	fixed.Delimiter = ';'
	for name, p := range map[string]*Profile{"fixed": &fixed, "auto": auto} {
		rep := Check(p, BytesInput("title.csv", data), CheckOptions{Today: testToday})
		if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "header_row: 3") {
			t.Errorf("%s: check problems %q", name, rep.Problems)
		}
		_, err := Import(t.Context(), []Input{BytesInput("title.csv", data)}, p, audit.NewVocabulary(), testOptions(t))
		if err == nil || !strings.Contains(err.Error(), "header_row: 3") {
			t.Errorf("%s: import error %v", name, err)
		}
	}
	// With the header on its line, no such advice.
	ok := fixed
	ok.HeaderRow = 3
	if rep := Check(&ok, BytesInput("title.csv", data), CheckOptions{Today: testToday}); strings.Contains(strings.Join(rep.Problems, "\n"), "header_row") {
		t.Errorf("header_row 3: %q", rep.Problems)
	}
}
