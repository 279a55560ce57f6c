package trend

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// defaultRE matches one <Default …/> element of [Content_Types].xml.
var defaultRE = regexp.MustCompile(`<Default Extension="[^"]*" ContentType="[^"]*"(?:></Default>|/>)`)

// stableContentTypes makes an xlsx package byte-deterministic. excelize adds the image
// content types a chart needs by ranging over a map, so their order in
// [Content_Types].xml changes from run to run; this sorts that block and copies every
// other part unchanged (raw, without recompressing), keeping the order of the parts.
func stableContentTypes(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("reread workbook: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "[Content_Types].xml" {
			if err := zw.Copy(f); err != nil {
				return nil, fmt.Errorf("copy %s: %w", f.Name, err)
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", f.Name, err)
		}
		xml, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f.Name, err)
		}
		hdr := f.FileHeader
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", f.Name, err)
		}
		if _, err := w.Write(sortDefaults(xml)); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("close workbook: %w", err)
	}
	return out.Bytes(), nil
}

// sortDefaults sorts the contiguous run of <Default> elements; anything else is left
// as it is.
func sortDefaults(xml []byte) []byte {
	loc := defaultRE.FindAllIndex(xml, -1)
	if len(loc) < 2 {
		return xml
	}
	start, end := loc[0][0], loc[len(loc)-1][1]
	elems := make([]string, len(loc))
	for i, l := range loc {
		elems[i] = string(xml[l[0]:l[1]])
	}
	if strings.Join(elems, "") != string(xml[start:end]) {
		return xml // not one contiguous block: leave it
	}
	sort.Strings(elems)
	var b bytes.Buffer
	b.Write(xml[:start])
	b.WriteString(strings.Join(elems, ""))
	b.Write(xml[end:])
	return b.Bytes()
}
