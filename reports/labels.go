package reports

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// Labels are the texts reports print. Swedish is the default; every label has an
// English variant so that `--lang en` changes the language from this one table.
type Labels map[string]string

var labelTable = LabelTable{
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
	"input":           {"Underlag", "Input"},
	"input_rows":      {"%s rader lästa ur %s fil(er), varav %s avvisade.", "%s rows read from %s file(s), of which %s rejected."},
	"input_note":      {"Avvisade rader ingår inte. Anger en avvisad rad ärende och händelse, blir regler som beror på händelsen datafel i stället för saknas, sen eller pågående; annars räknas händelsen som saknad (se rejected.csv).", "Rejected rows are not audited. Where a rejected row names its case and event, rules that depend on the event are data errors instead of missing, late or pending; otherwise the event counts as missing (see rejected.csv)."},
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

	// Labels of the xlsx and pdf renderers.
	"personnummer":              {"Personnummer", "Personal identity number"},
	"yes":                       {"ja", "yes"},
	"total":                     {"Totalt", "Total"},
	"kind":                      {"Typ", "Kind"},
	"field":                     {"Fält", "Field"},
	"document":                  {"Källdokument", "Source document"},
	"routine_file":              {"Rutinfil", "Routine file"},
	"routines":                  {"Rutiner", "Routines"},
	"inputs":                    {"Indatafiler", "Input files"},
	"key_figures":               {"Nyckeltal", "Key figures"},
	"counts_per_verdict":        {"Antal per bedömning", "Count per verdict"},
	"judged":                    {"Bedömda (i tid + sen + saknas)", "Judged (on time + late + missing)"},
	"routines_not_applied":      {"Rutiner där alla bedömningar blev ej tillämplig visas inte regel för regel; arbetsboken har dem: %s.", "Routines whose every verdict was ej tillämplig are not shown rule by rule; the workbook has them: %s."},
	"none_judged":               {"inga bedömda", "none judged"},
	"chart_rule_rate":           {"Följsamhet per regel", "Compliance per rule"},
	"chart_utforare_rate":       {"Följsamhet per utförare", "Compliance per provider"},
	"chart_enhet_rate":          {"Följsamhet per enhet/handläggare", "Compliance per unit/case officer"},
	"chart_small":               {"Grå stapel: osäker jämförelse (få ärenden).", "Grey bar: uncertain comparison (few cases)."},
	"chart_small_last":          {"Osäkra jämförelser (få ärenden) står sist i diagrammet, som i tabellen.", "Uncertain comparisons (few cases) come last in the chart, as in the table."},
	"worst_rules":               {"De tre svagaste stegen", "The three weakest steps"},
	"worst_rules_small":         {"* Färre än %d bedömningar: andelen säger lite. Steg med fler bedömningar står först.", "* Fewer than %d judged verdicts: the rate says little. Steps with more come first."},
	"top_delays":                {"De %d längsta förseningarna", "The %d longest delays"},
	"top_delays_note":           {"Ordnad efter kalenderdagar sedan fristen, så att frister i vardagar och i dagar jämförs rätt. Endast pseudonymer; personer med skyddade personuppgifter ingår inte i listan.", "Ordered by calendar days since the deadline, so that deadlines in working days and in days compare. Pseudonyms only; persons with protected identity are not listed."},
	"per_routine":               {"Resultat per rutin", "Results per routine"},
	"rows":                      {"%d rader.", "%d rows."},
	"rows_one":                  {"1 rad.", "1 row."},
	"continues_on":              {"Listan fortsätter på fliken %s.", "The list continues on sheet %s."},
	"continued_from":            {"Fortsättning från fliken %s.", "Continued from sheet %s."},
	"protected_omitted":         {"%d rader gäller personer med skyddade personuppgifter och visas inte här (de räknas bara i antalen).", "%d rows concern persons with protected identity and are not shown here (they are only counted)."},
	"deviations_note":           {"Alla bedömningar sen och saknas, sorterade efter kalenderdagar sedan fristen (flest först, även där dagar sen räknas i vardagar) och ärende.", "Every late and missing verdict, sorted by calendar days since the deadline (most first, also where days late count working days) and case."},
	"upcoming_note":             {"Pågående med frist inom %d dagar efter brytdatum, sorterade efter frist.", "Pending verdicts with a deadline within %d days after the reference date, sorted by deadline."},
	"quality_note":              {"Avvisade indatarader (fil:rad:kolumn), ärenden vars rader anger olika utförare eller insats, och bedömningar med datafel, med orsak. En avvisad rads orsak står på engelska, med samma text som i rejected.csv och kommandots utskrift; dess typ står på svenska.", "Rejected input rows (file:line:column), cases whose rows name different utförare or insats, and verdicts with data errors, with the reason. A rejected row's reason is the same text as in rejected.csv and the command's output."},
	"quality_rejected":          {"avvisad rad", "rejected row"},
	"quality_datafel":           {"datafel i ärende", "data error in case"},
	"quality_change":            {"annat värde på senare rad", "other value on a later row"},
	"change_reason":             {"ärendet räknas under %s, värdet på dess första rad; senare rader anger ett annat (byte av utförare eller insats?)", "the case counts under %s, the value on its first row; later rows give another (a change of utförare or insats?)"},
	"small_note":                {"Grupper med färre än %d ärenden är markerade som osäkra och står sist: jämför dem inte rakt av med större grupper.", "Groups with fewer than %d cases are marked uncertain and come last: do not compare them directly with larger groups."},
	"utforare_rules_note":       {"Per utförare räknas bara de steg som utföraren själv ansvarar för (regler vars ansvarige är utförare eller enhetschef: %s); handläggarens och andras steg räknas i totalen. Ärenden med skyddade personuppgifter räknas i en egen grupp.", "Per provider only the provider's own steps count (rules whose responsible is the utförare or enhetschef: %s); the handläggare's and others' steps count in the total. Cases with protected identity count in a group of their own."},
	"utforare_no_rules_note":    {"Ingen regel i de valda rutinerna har utförare eller enhetschef som ansvarig (fältet responsible), så ingen utförare bedöms här.", "No rule of the chosen routines has the utförare or enhetschef as responsible (the field responsible), so no provider is judged here."},
	"enhet_rules_note":          {"Per enhet räknas alla steg i enhetens ärenden. Ärenden med skyddade personuppgifter räknas i en egen grupp.", "Per unit every step of the unit's cases counts. Cases with protected identity count in a group of their own."},
	"below_total_note":          {"Rader med lägre följsamhet än totalen är markerade.", "Rows with a compliance rate below the total are highlighted."},
	"below_utforare_total_note": {"Rader med lägre följsamhet än alla utförare tillsammans (i utförarnas egna steg) är markerade.", "Rows with a compliance rate below that of all utförare together (in their own steps) are highlighted."},
	"method_title":              {"Så har rapporten tagits fram", "How this report was produced"},
	"method_intro":              {"Varje ärende har bedömts mot varje regel i de rutiner som gäller ärendets insats, så som uppgifterna såg ut på brytdatum. Händelser daterade efter brytdatum räknas inte. Varje bedömning räknas en gång, i den period där dess frist infaller.", "Every case was judged against every rule of the routines that apply to its insats, as the data stood on the reference date. Events dated after the reference date do not count. Each verdict counts once, in the period in which its deadline falls."},
	"method_verdicts":           {"Bedömningar", "Verdicts"},
	"method_def_i_tid":          {"händelsen inträffade senast på fristdagen.", "the event happened on or before the deadline."},
	"method_def_sen":            {"händelsen inträffade efter fristen; antalet dagar sen anges i regelns enhet (dagar, vardagar eller arbetsdagar).", "the event happened after the deadline; days late are given in the rule's unit (days, vardagar or arbetsdagar)."},
	"method_def_saknas":         {"fristen har passerat före brytdatum och händelsen saknas; dagar sen räknas till brytdatum.", "the deadline passed before the reference date and the event is absent; days late are counted to the reference date."},
	"method_def_pagaende":       {"fristen infaller efter brytdatum och händelsen har inte inträffat ännu; dagar kvar anges.", "the deadline falls after the reference date and the event has not happened yet; days left are given."},
	"method_def_ej_tillamplig":  {"regelns startvillkor gäller inte ärendet; räknas men ingår inte i följsamheten.", "the rule's trigger or condition does not hold for the case; counted but not part of the compliance rate."},
	"method_def_datafel":        {"uppgifterna räcker inte för en bedömning (datum saknas, går inte att läsa eller ligger i fel ordning); orsaken anges alltid.", "the data cannot support a verdict (a date is missing, unreadable or out of order); the reason is always given."},
	"method_rate":               {"Följsamhet = i tid / (i tid + sen + saknas). Pågående, ej tillämplig och datafel ingår inte i nämnaren.", "Compliance = on time / (on time + late + missing). Pending, not applicable and data errors are not in the denominator."},
	"method_lead":               {"Ledtid är antalet kalenderdagar från starthändelsen till den bedömda händelsen; median och 90:e percentil räknas med närmaste rang.", "Lead time is the number of calendar days from the start event to the judged event; the median and 90th percentile use the nearest rank."},
	"method_small":              {"Utförare och enheter med få ärenden markeras som osäkra, så att en liten utförare inte rangordnas som en stor.", "Providers and units with few cases are marked uncertain, so that a small provider is not ranked like a large one."},
	"method_calendar_title":     {"Kalender", "Calendar"},
	"method_calendar":           {"En vardag är måndag–fredag som inte är allmän helgdag enligt lagen (1989:253) om allmänna helgdagar, och inte midsommarafton, julafton eller nyårsafton, som lagen (1930:173) om beräkning av lagstadgad tid jämställer med helgdag. Frister i vardagar räknas från dagen efter startdagen. En frist i vardagar eller arbetsdagar som infaller på lördag, söndag eller helgdag flyttas till nästa vardag (lag 1930:173); frister i kalenderdagar flyttas inte om inte rutinfilen säger det. Arbetsdagar räknas som vardagar, minus kommunens egna stängda dagar.", "A vardag is Monday–Friday that is not a public holiday under the Public Holidays Act (1989:253), and not midsummer eve, Christmas eve or New Year's eve, which the Act on the Computation of Statutory Time (1930:173) treats as holidays. Deadlines in vardagar are counted from the day after the start date. A deadline in vardagar or arbetsdagar that falls on a Saturday, Sunday or holiday moves to the next vardag (1930:173); deadlines in calendar days do not move unless the routine file says so. Arbetsdagar are vardagar minus the municipality's own closed days."},
	"method_holidays":           {"Helgdagar och jämställda dagar %s", "Holidays and equivalent days %s"},
	"method_closed_days":        {"Stängda dagar utöver helgdagarna (arbetsdagar)", "Closed days besides the public holidays (arbetsdagar)"},
	"closed_day_only":           {"endast rutinen %s", "only routine %s"},
	"method_interpretations":    {"Tolkningar av rutinerna", "Interpretations of the routines"},
	"method_policies":           {"Lokal policy", "Local policy"},
	"method_policy_line":        {"%s: frist %s enligt lokal policy (%s); rutinen säger: %s. %s", "%s: deadline %s by local policy (%s); the routine says: %s. %s"},
	"method_no_policies":        {"Ingen lokal policy har använts: alla frister kommer från rutinerna.", "No local policy was used: every deadline comes from the routines."},
	"method_privacy":            {"Personer med skyddade personuppgifter visas aldrig med något identifierande fält, bara som antal. Rapporten visar pseudonymer, aldrig personnummer eller namn.", "Persons with protected identity never appear with any identifying field, only as counts. The report shows pseudonyms, never personnummer or names."},
	"kind_rotation":             {"turordning (ingen tidsfrist)", "rotation (no deadline)"},
	"kind_precedence":           {"datumordning (ingen tidsfrist)", "date order (no deadline)"},
	"kind_completeness":         {"fullständiga uppgifter (ingen tidsfrist)", "complete details (no deadline)"},
	"continued":                 {"(forts.)", "(cont.)"},
	"of_judged":                 {"%s av %s i tid", "%s of %s on time"},
	"method_quotes":             {"Regler, frister och källor", "Rules, deadlines and sources"},
	"method_privacy_title":      {"Personuppgifter", "Personal data"},
	"method_command":            {"Kommandorad", "Command line"},
}

var statusLabels = map[audit.Status][2]string{
	audit.ITid:         {"i tid", "on time"},
	audit.Sen:          {"sen", "late"},
	audit.Saknas:       {"saknas", "missing"},
	audit.Pagaende:     {"pågående", "pending"},
	audit.EjTillamplig: {"ej tillämplig", "not applicable"},
	audit.Datafel:      {"datafel", "data error"},
}

// rejectLabels name each kind of rejected row, after "avvisad rad: ".
var rejectLabels = map[audit.RejectKind][2]string{
	audit.RejectOther:         {"annat fel", "other problem"},
	audit.RejectFieldCount:    {"fel antal fält (kolumnerna förskjutna)", "wrong number of fields (columns shifted)"},
	audit.RejectNoCaseID:      {"ärende-id saknas", "case id missing"},
	audit.RejectPersonnummer:  {"personnummer saknas, är ogiltigt eller står där det inte får stå", "personnummer missing, invalid or where none may be"},
	audit.RejectUnknownValue:  {"okänt värde (insats, frekvens, flagga, kön eller ja/nej)", "unknown value (insats, frequency, flag, gender or yes/no)"},
	audit.RejectConflict:      {"ärende-id:t hör till en annan person", "the case id belongs to another person"},
	audit.RejectUnknownEvent:  {"okänd eller tom händelse", "unknown or empty event"},
	audit.RejectNoDate:        {"datum saknas", "date missing"},
	audit.RejectBadDate:       {"felaktigt datum", "invalid date"},
	audit.RejectBadRegistered: {"felaktigt registreringsdatum", "invalid registration date"},
}

// Lang selects the text of a label table: Swedish (the default) or English.
type Lang int

// The report languages.
const (
	Swedish Lang = iota
	English
)

// ParseLang returns the language named lang ("en" is English; anything else Swedish).
func ParseLang(lang string) Lang {
	if lang == "en" {
		return English
	}
	return Swedish
}

// LabelTable maps a label key to its Swedish and English texts. Each report keeps its
// own table; they share this type and the verdict labels (StatusLabel).
type LabelTable map[string][2]string

// Get returns key's text in lang, or key itself when the table lacks it (a visible,
// not a silent, gap).
func (t LabelTable) Get(lang Lang, key string) string {
	if v, ok := t[key]; ok {
		return v[lang]
	}
	return key
}

// Format formats key's text in lang with args.
func (t LabelTable) Format(lang Lang, key string, args ...any) string {
	return fmt.Sprintf(t.Get(lang, key), args...)
}

// labelVerb matches the format verbs label texts use.
var labelVerb = regexp.MustCompile(`%(d|s|v|\.\df)`)

// Problems checks every text: both languages present, and per cent signs right for
// how the text is printed — a text with a format verb goes through fmt, so any other
// per cent sign must be escaped; a text without one is printed as is and must not
// contain "%%".
func (t LabelTable) Problems() []string {
	var out []string
	for key, v := range t {
		if v[0] == "" || v[1] == "" {
			out = append(out, fmt.Sprintf("%s: a language is missing", key))
		}
		for i, s := range v {
			rest := strings.ReplaceAll(s, "%%", "")
			hasVerb := labelVerb.MatchString(rest)
			switch {
			case hasVerb && strings.Contains(labelVerb.ReplaceAllString(rest, ""), "%"):
				out = append(out, fmt.Sprintf("%s[%d]: a bare %% beside a format verb: %q", key, i, s))
			case !hasVerb && strings.Contains(s, "%%"):
				out = append(out, fmt.Sprintf("%s[%d]: %%%% in a label printed as is: %q", key, i, s))
			}
		}
	}
	sort.Strings(out)
	return out
}

// StatusLabel returns the label of a verdict in lang.
func StatusLabel(s audit.Status, lang Lang) string { return statusLabels[s][lang] }

// LabelsFor returns the labels of lang ("sv" or "en"; anything else gives Swedish).
func LabelsFor(lang string) Labels {
	i := ParseLang(lang)
	l := make(Labels, len(labelTable)+len(statusLabels))
	for k, v := range labelTable {
		l[k] = v[i]
	}
	for s, v := range statusLabels {
		l["status_"+s.Code()] = v[i]
	}
	for k, v := range rejectLabels {
		l["reject_"+k.Code()] = v[i]
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

// Rows returns "n rader." in the report's language, singular for one.
func (l Labels) Rows(n int) string {
	if n == 1 {
		return l.Get("rows_one")
	}
	return fmt.Sprintf(l.Get("rows"), n)
}

// Status returns the label of a verdict.
func (l Labels) Status(s audit.Status) string { return l.Get("status_" + s.Code()) }

// Rejected returns what the quality list calls a rejected row of kind k: "avvisad rad:
// felaktigt datum".
func (l Labels) Rejected(k audit.RejectKind) string {
	return l.Get("quality_rejected") + ": " + l.Get("reject_"+k.Code())
}

// UtforareRulesNote says which rules the per-utförare figures count (see
// stats.UtforareRoles), or that none does.
func UtforareRulesNote(l Labels, s *stats.Summary) string {
	if len(s.UtforareRules) == 0 {
		return l.Get("utforare_no_rules_note")
	}
	return fmt.Sprintf(l.Get("utforare_rules_note"), strings.Join(s.UtforareRules, ", "))
}

// insatsNames are the names reports show for the known insats codes (audit.KnownInsats).
// They are Swedish in every language: the names of the insatser themselves.
var insatsNames = map[string]string{
	"avlosning": "Avlösning", "boendestod": "Boendestöd", "dagverksamhet": "Dagverksamhet",
	"hemtjanst": "Hemtjänst", "kontaktperson": "Kontaktperson", "korttidsboende": "Korttidsboende",
	"ledsagning": "Ledsagning", "matdistribution": "Matdistribution", "trygghetslarm": "Trygghetslarm",
	"vard_och_omsorgsboende": "Vård- och omsorgsboende",
}

// InsatsName returns the name a report shows for an insats code ("vard_och_omsorgsboende"
// → "Vård- och omsorgsboende"); a code it does not know is shown as it is.
func InsatsName(code string) string {
	if n, ok := insatsNames[code]; ok {
		return n
	}
	return code
}

// UnitFor is a day unit as it follows the number n: "vardag" after 1, else as given
// ("vardagar", "arbetsdagar", "dagar").
func UnitFor(n int, unit string) string {
	if n == 1 || n == -1 {
		return strings.TrimSuffix(unit, "ar")
	}
	return unit
}
