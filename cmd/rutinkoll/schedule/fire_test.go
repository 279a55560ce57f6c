package schedule

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNextRunsDST(t *testing.T) {
	tests := []struct {
		name string
		cron string
		tz   string
		from string
		n    int
		want []string
	}{
		{"DailyAcrossSpringForward", "30 2 * * *", "", "2026-03-27 12:00", 4, []string{
			"2026-03-28 02:30 CET", "2026-03-29 03:00 CEST", "2026-03-30 02:30 CEST", "2026-03-31 02:30 CEST"}},
		{"DailyAcrossFallBack", "30 2 * * *", "", "2026-10-23 12:00", 4, []string{
			"2026-10-24 02:30 CEST", "2026-10-25 02:30 CEST", "2026-10-26 02:30 CET", "2026-10-27 02:30 CET"}},
		{"FromBetweenTheTwoFallBackOccurrences", "30 2 * * *", "", "2026-10-25 02:45", 1, []string{
			"2026-10-26 02:30 CET"}},
		{"QuarterHoursInGapGiveOneRun", "*/15 2 * * *", "", "2026-03-29 01:50", 2, []string{
			"2026-03-29 03:00 CEST", "2026-03-30 02:00 CEST"}},
		{"GapAndThreeOClockGiveOneRun", "0 2,3 * * *", "", "2026-03-29 01:00", 3, []string{
			"2026-03-29 03:00 CEST", "2026-03-30 02:00 CEST", "2026-03-30 03:00 CEST"}},
		{"HourlyAcrossFallBack", "0 * * * *", "", "2026-10-25 00:30", 4, []string{
			"2026-10-25 01:00 CEST", "2026-10-25 02:00 CEST", "2026-10-25 03:00 CET", "2026-10-25 04:00 CET"}},
		{"HourlyAcrossSpringForward", "0 * * * *", "", "2026-03-29 00:30", 3, []string{
			"2026-03-29 01:00 CET", "2026-03-29 03:00 CEST", "2026-03-29 04:00 CEST"}},
		{"ThreeOClockUnaffected", "0 3 * * *", "", "2026-03-28 12:00", 2, []string{
			"2026-03-29 03:00 CEST", "2026-03-30 03:00 CEST"}},
		{"MonthlySixthAcrossYearEnd", "0 6 6 * *", "", "2026-11-10 00:00", 3, []string{
			"2026-12-06 06:00 CET", "2027-01-06 06:00 CET", "2027-02-06 06:00 CET"}},
		{"DescriptorMonthly", "@monthly", "", "2026-12-15 00:00", 2, []string{
			"2027-01-01 00:00 CET", "2027-02-01 00:00 CET"}},
		{"LeapDay", "0 1 29 2 *", "", "2026-01-01 00:00", 2, []string{
			"2028-02-29 01:00 CET", "2032-02-29 01:00 CET"}},
		{"UTCHasNoGaps", "30 2 * * *", "UTC", "2026-03-28 12:00", 2, []string{
			"2026-03-29 02:30 UTC", "2026-03-30 02:30 UTC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := []string{`cron: "` + tt.cron + `"`}
			if tt.tz != "" {
				fields = append(fields, "timezone: "+tt.tz)
			}
			j := testJob(t, "", fields...)
			got := fmtTimes(NextRuns(j, at(tt.from), tt.n))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NextRuns(%q from %s) (-want +got):\n%s", tt.cron, tt.from, diff)
			}
		})
	}
}

func TestLastFire(t *testing.T) {
	tests := []struct {
		cron, now, want string
	}{
		{"30 2 * * *", "2026-03-29 12:00", "2026-03-29 03:00 CEST"},
		{"30 2 * * *", "2026-10-25 12:00", "2026-10-25 02:30 CEST"},
		{"0 6 6 * *", "2026-11-10 09:00", "2026-11-06 06:00 CET"},
		{"0 6 6 * *", "2026-11-06 06:00", "2026-11-06 06:00 CET"},
		{"0 6 6 1,4,7,10 *", "2027-03-01 00:00", "2027-01-06 06:00 CET"},
		{"* * * * *", "2026-05-01 10:00", "2026-05-01 10:00 CEST"},
	}
	for _, tt := range tests {
		j := testJob(t, "", `cron: "`+tt.cron+`"`)
		got := lastFire(j, at(tt.now)).Format("2006-01-02 15:04 MST")
		if got != tt.want {
			t.Errorf("lastFire(%q, %s) = %s, want %s", tt.cron, tt.now, got, tt.want)
		}
	}
}
