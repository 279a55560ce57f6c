package reports

import "github.com/rutinkoll/rutinkoll/audit"

// Labels are the texts reports print. Swedish is the default; every label has an
// English variant so that `--lang en` changes the language from this one table.
type Labels map[string]string

var labelTable = map[string][2]string{ // key: {sv, en}
	"title":           {"Uppföljning av rutiner", "Routine compliance report"},
	"period":          {"Period", "Period"},
	"asof":            {"Brytdatum", "Reference date"},
	"generated":       {"Skapad", "Generated"},
	"rule":            {"Regel", "Rule"},
	"rule_title":      {"Rubrik", "Title"},
	"responsible":     {"Ansvarig", "Responsible"},
	"deadline":        {"Frist", "Deadline"},
	"event_date":      {"Faktiskt datum", "Actual date"},
	"start":           {"Startdatum", "Start date"},
	"days_late":       {"Dagar sen", "Days late"},
	"days_left":       {"Dagar kvar", "Days left"},
	"unit":            {"Enhet för dagar", "Day unit"},
	"case":            {"Ärende", "Case"},
	"person":          {"Pseudonym", "Pseudonym"},
	"utforare":        {"Utförare", "Provider (utförare)"},
	"enhet":           {"Enhet/handläggare", "Unit/case officer"},
	"insats":          {"Insats", "Service (insats)"},
	"verdict":         {"Bedömning", "Verdict"},
	"reason":          {"Orsak", "Reason"},
	"source":          {"Källa", "Source"},
	"rate":            {"Följsamhet", "Compliance"},
	"cases":           {"Ärenden", "Cases"},
	"median_lead":     {"Median ledtid (dagar)", "Median lead time (days)"},
	"p90_lead":        {"90:e percentil ledtid (dagar)", "90th percentile lead time (days)"},
	"quote":           {"Citat ur rutinen", "Quote from the routine"},
	"uncertain":       {"Osäker (få ärenden)", "Uncertain (few cases)"},
	"protected":       {"Personer med skyddade personuppgifter (visas endast som antal)", "Persons with protected identity (shown only as a count)"},
	"file":            {"Fil", "File"},
	"line":            {"Rad", "Line"},
	"column":          {"Kolumn", "Column"},
	"value":           {"Värde", "Value"},
	"read":            {"Lästa rader", "Rows read"},
	"imported":        {"Inlästa", "Imported"},
	"rejected":        {"Avvisade", "Rejected"},
	"duplicates":      {"Dubbletter", "Duplicates"},
	"routine":         {"Rutin", "Routine"},
	"version":         {"Version", "Version"},
	"overall_rate":    {"Total följsamhet", "Overall compliance"},
	"all_periods":     {"alla händelser till och med brytdatum", "all events up to the reference date"},
	"sheet_summary":   {"Sammanfattning", "Summary"},
	"sheet_rules":     {"Per regel", "Per rule"},
	"sheet_utforare":  {"Per utförare", "Per provider"},
	"sheet_enhet":     {"Per enhet", "Per unit"},
	"sheet_deviation": {"Avvikelser", "Deviations"},
	"sheet_upcoming":  {"Kommande", "Upcoming"},
	"sheet_quality":   {"Datakvalitet", "Data quality"},
	"sheet_method":    {"Metod", "Method"},
	"interpretation":  {"Tolkning", "Interpretation"},
	"local_policy":    {"Lokal policy (inte rutinens siffra)", "Local policy (not the routine's number)"},
	"personal_data":   {"Rapporten innehåller personuppgifter (personnummer) för intern granskning.", "This report contains personal data (personnummer) for internal review."},
	"page_of":         {"Sida %d av %s", "Page %d of %s"},
}

var statusLabels = map[audit.Status][2]string{
	audit.ITid:         {"i tid", "on time"},
	audit.Sen:          {"sen", "late"},
	audit.Saknas:       {"saknas", "missing"},
	audit.Pagaende:     {"pågående", "pending"},
	audit.EjTillamplig: {"ej tillämplig", "not applicable"},
	audit.Datafel:      {"datafel", "data error"},
}

// LabelsFor returns the labels of lang ("sv" or "en"; anything else gives Swedish).
func LabelsFor(lang string) Labels {
	i := 0
	if lang == "en" {
		i = 1
	}
	l := make(Labels, len(labelTable)+len(statusLabels))
	for k, v := range labelTable {
		l[k] = v[i]
	}
	for s, v := range statusLabels {
		l["status_"+s.Code()] = v[i]
	}
	return l
}

// Get returns the label of key, or key itself when the table lacks it (a visible,
// not a silent, gap).
func (l Labels) Get(key string) string {
	if s, ok := l[key]; ok {
		return s
	}
	return key
}

// Status returns the label of a verdict.
func (l Labels) Status(s audit.Status) string { return l.Get("status_" + s.Code()) }
