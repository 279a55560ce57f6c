package main

import (
	"log/slog"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/canonical"
)

// inputData is what the importers made of the input files.
type inputData struct {
	dataset  *audit.Dataset
	stats    []audit.InputStats
	rejected []audit.Rejection
}

// readInputs reads every input (canonical event CSV) into one dataset, merging cases by
// id. It fails, before anything is written, when a file cannot be used at all.
func readInputs(inputs []namedInput, vocab *audit.Vocabulary, log *slog.Logger) (*inputData, error) {
	b := canonical.NewBuilder(vocab)
	for _, in := range inputs {
		rc, err := in.open()
		if err != nil {
			return nil, err
		}
		err = b.ReadFile(in.name, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	for _, st := range b.Stats {
		log.Info("input read", "file", st.File, "rows", st.Read, "imported", st.Imported, "rejected", st.Rejected, "duplicates", st.Duplicates)
	}
	return &inputData{dataset: b.Dataset(), stats: b.Stats, rejected: b.Rejected}, nil
}
