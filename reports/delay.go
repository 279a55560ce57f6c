package reports

import "github.com/rutinkoll/rutinkoll/audit"

// UnitName is the unit days late and left are counted in for rule r on case c:
// "vardagar", "arbetsdagar" or "dagar" (a deadline by frequency as the case's).
func UnitName(r *audit.Rule, c *audit.Case) string {
	if d, ok := r.ByFrequency[c.Frequency]; ok {
		return d.UnitName()
	}
	d, _ := r.EffectiveDeadline()
	return d.UnitName()
}

// CalendarDaysLate is how many calendar days v, a sen or saknas verdict of res on ds,
// is past its deadline: its days when its rule counts calendar days, else from the
// deadline to the event (sen) or to the brytdatum (saknas). Lists of delays rank by it,
// so that 280 vardagar late comes before 300 dagar late, as it is older.
func CalendarDaysLate(res *audit.Result, ds *audit.Dataset, v *audit.Verdict) int32 {
	if UnitName(res.Rules[v.Rule], &ds.Cases[v.Case]) == "dagar" || v.Deadline == audit.NoDate {
		return v.Days
	}
	end := res.Asof
	if v.Status == audit.Sen && v.EventDate != audit.NoDate {
		end = v.EventDate
	}
	return int32(end - v.Deadline)
}
