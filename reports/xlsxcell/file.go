package xlsxcell

import (
	"archive/zip"
	"io"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// NewFile returns a new workbook (excelize.NewFile) that is compressed at deflate's
// fastest level, on every core, when written. An audit of a million cases lists more
// than a million rows; at the default level compressing them took about as long as
// building them, and the file is only about a fifth larger at the fastest
// (docs/benchmarks.md). klauspost/compress's deflate is faster than the standard
// library's at that level, and its output smaller.
func NewFile() *excelize.File {
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return newParallelDeflate(out, flate.BestSpeed)
		})
		return zw
	})
	return f
}
