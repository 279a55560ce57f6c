package schedule

import (
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
)

// NewLogger returns a logger writing format (LogText, LogJSON, or "" for text) to w
// at level and above (nil: Info).
func NewLogger(w io.Writer, format string, level slog.Leveler) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "", LogText:
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case LogJSON:
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q; expected %s", format, orList(logFormats))
}

func sortedKeys(m map[string]int) []string {
	return slices.Sorted(maps.Keys(m))
}
