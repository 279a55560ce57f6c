package stats

import (
	"slices"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// TestLeadTimesPercentiles: the histogram gives the nearest-rank percentiles of the
// sorted lead times, also beyond its dense range.
func TestLeadTimesPercentiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		days []int32
	}{
		{"one", []int32{5}},
		{"small", []int32{3, 1, 2, 8, 5, 5, 0}},
		{"long tail", []int32{10, 9000, 4096, 20, 4095, 70000, 1, 4097, 30, 30}},
		{"all long", []int32{5000, 4100, 9999}},
		{"spread", func() []int32 {
			var d []int32
			for i := int32(0); i < 1000; i++ {
				d = append(d, (i*7919)%6000)
			}
			return d
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Counts
			for _, d := range tc.days {
				c.add(&audit.Verdict{Status: audit.ITid, HasLead: true, Start: audit.MustDate("2020-01-01"), EventDate: audit.MustDate("2020-01-01") + audit.Date(d)})
			}
			c.add(&audit.Verdict{Status: audit.Saknas, Start: audit.MustDate("2020-01-01"), EventDate: audit.MustDate("2020-03-01")}) // no lead time
			s := slices.Clone(tc.days)
			slices.Sort(s)
			want := func(p float64) int {
				i := int(p*float64(len(s))+0.999999) - 1
				return int(s[max(0, min(i, len(s)-1))])
			}
			med, p90, ok := c.LeadTimes()
			if !ok || med != want(0.5) || p90 != want(0.9) {
				t.Fatalf("median %d, p90 %d (ok %v); want %d and %d", med, p90, ok, want(0.5), want(0.9))
			}
		})
	}
	var none Counts
	if _, _, ok := none.LeadTimes(); ok {
		t.Fatal("no lead times should give ok=false")
	}
}
