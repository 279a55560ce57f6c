package trend

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

// labelTable holds every text the trend renderers print, keyed like reports.Labels:
// {Swedish, English}.
var labelTable = reports.LabelTable{
	"title":            {"Utförare över tid – följsamhet till rutinerna", "Providers over time – routine compliance"},
	"title_extract":    {"Uppföljning av %s", "Follow-up of %s"},
	"subtitle_extract": {"Utdrag för utföraren: jämförs med genomsnittet för övriga utförare", "Extract for the provider: compared with the average of the other providers"},
	"municipality":     {"Kommun", "Municipality"},
	"span":             {"Period", "Period"},
	"asof":             {"Brytdatum", "Reference date"},
	"source":           {"Underlag", "Source"},
	"source_recompute": {"Alla ärenden bedömda per brytdatum %s; varje bedömning räknas i den månad dess frist infaller.", "Every case judged as of %s; each verdict counts in the month its deadline falls in."},
	"source_files":     {"verdicts.csv från tidigare månaders uppföljningar", "verdicts.csv of earlier months' audits"},
	"generated":        {"Skapad", "Generated"},
	"page_of":          {"Sida %d av %s", "Page %d of %s"},
	"not_given":        {"(inte angiven)", "(not given)"},
	"utforare_count":   {"Utförare", "Providers"},
	"rules_count":      {"Regler som räknas", "Rules counted"},

	"sheet_ranking":  {"Rangordning", "Ranking"},
	"sheet_overview": {"Översikt", "Overview"},
	"sheet_rules":    {"Per regel", "Per rule"},
	"sheet_months":   {"Per månad", "Per month"},
	"sheet_charts":   {"Diagram", "Charts"},
	"sheet_cases":    {"Ärenden", "Cases"},
	"sheet_data":     {"Data", "Data"},
	"sheet_method":   {"Metod", "Method"},

	"col_rank":        {"Plats", "Rank"},
	"col_utforare":    {"Utförare", "Provider"},
	"col_cases":       {"Ärenden", "Cases"},
	"col_judged":      {"Bedömda", "Judged"},
	"col_total":       {"Bedömningar", "Verdicts"},
	"col_rate":        {"Följsamhet", "Compliance"},
	"col_interval":    {"95 % intervall", "95 % interval"},
	"col_lo":          {"Intervall nedre", "Interval low"},
	"col_hi":          {"Intervall övre", "Interval high"},
	"col_ref_rate":    {"Snittets följsamhet", "Average's compliance"},
	"col_comparison":  {"Jämfört med snittet", "Compared with the average"},
	"col_rule":        {"Regel", "Rule"},
	"col_title":       {"Rubrik", "Title"},
	"col_responsible": {"Ansvarig", "Responsible"},
	"col_month":       {"Månad", "Month"},
	"col_case":        {"Ärende", "Case"},
	"col_person":      {"Pseudonym", "Pseudonym"},
	"col_verdict":     {"Bedömning", "Verdict"},
	"col_deadline":    {"Frist", "Deadline"},
	"col_event":       {"Faktiskt datum", "Actual date"},
	"col_days":        {"Dagar sen", "Days late"},
	"col_worse":       {"Säkert sämre än snittet", "Established below the average"},
	"col_better":      {"Säkert bättre än snittet", "Established above the average"},
	"col_ref":         {"Snitt", "Average"},

	"reference_all":    {"Kommunens genomsnitt", "Municipality average"},
	"reference_others": {"Övriga utförare (genomsnitt)", "Other providers (average)"},
	"cmp_0":            {"inget bedömt", "nothing judged"},
	"cmp_1":            {"skillnaden kan inte säkerställas (för få bedömningar)", "the difference cannot be established (too few verdicts)"},
	"cmp_2":            {"skillnaden kan inte säkerställas", "the difference cannot be established"},
	"cmp_3":            {"bättre än snittet", "above the average"},
	"cmp_4":            {"sämre än snittet", "below the average"},
	"none":             {"–", "–"},

	"ranking_note":    {"Plats ges bara till utförare med minst %d bedömda; lika följsamhet ger samma plats. Jämförelsen med snittet följer regeln under Metod.", "Only providers with at least %d judged verdicts are ranked; equal compliance shares a place. The comparison with the average follows the rule under Method."},
	"protected_note":  {"%d bedömningar i hela underlaget gäller personer med skyddade personuppgifter: de räknas bara i jämförelsegruppen, aldrig hos en enskild utförare, och visas aldrig.", "%d verdicts in all the data concern persons with protected identity: they count in the reference only, never for a single provider, and are never shown."},
	"months_note":     {"Följsamhet per månad: i tid / (i tid + sen + saknas) av bedömningar vars frist infaller i månaden. Tom cell: inget bedömt.", "Compliance per month: on time / (on time + late + missing) of the verdicts whose deadline falls in the month. Empty cell: nothing judged."},
	"judged_months":   {"Bedömda per månad", "Judged per month"},
	"chart_axis":      {"Följsamhet", "Compliance"},
	"charts_note_pdf": {"Heldragen linje med punkter: utföraren. Streckad linje: %s. Ett avbrott i linjen: inget bedömt den månaden. Talet under månaden: antal bedömda för utföraren; en ofylld punkt: färre än %d bedömda, en osäker siffra. Följsamhet = i tid / (i tid + sen + saknas) av bedömningar vars frist infaller i månaden.", "Solid line with dots: the provider. Dashed line: %s. A gap in the line: nothing judged that month. The number under the month: the provider's judged verdicts; a hollow dot: fewer than %d, an uncertain figure. Compliance = on time / (on time + late + missing) of the verdicts whose deadline falls in the month."},
	"judged_lower":    {"bedömda", "judged"},
	"charts_note":     {"Heldragen linje: utföraren. Streckad linje: %s. Ett avbrott i linjen: inget bedömt den månaden.", "Solid line: the provider. Dashed line: %s. A gap in the line: nothing judged that month."},
	"cases_note":      {"Utförarens bedömningar i perioden (utom ej tillämplig), med pseudonym. Personer med skyddade personuppgifter visas inte.", "The provider's verdicts in the period (except not applicable), by pseudonym. Persons with protected identity are not shown."},
	"deviations":      {"Avvikelser: sen och saknas", "Deviations: late and missing"},
	"no_deviations":   {"Inga avvikelser i perioden.", "No deviations in the period."},
	"rules_note":      {"Per regel över hela perioden. Säkert sämre eller bättre: utförarens intervall överlappar inte snittets och bygger på minst %d bedömda.", "Per rule over the whole period. Established below or above: the provider's interval does not overlap the average's and rests on at least %d judged verdicts."},

	"method_title":     {"Så har rapporten tagits fram", "How this report was produced"},
	"method_rate":      {"Följsamhet = i tid / (i tid + sen + saknas). Pågående, ej tillämplig och datafel räknas men ingår inte i andelen. Ärenden = antal olika ärenden med minst en bedömning i andelen.", "Compliance = on time / (on time + late + missing). Pending, not applicable and data errors are counted but not part of the rate. Cases = the number of distinct cases with at least one verdict in the rate."},
	"method_months":    {"Varje bedömning räknas en gång, i den månad dess frist infaller (annars startdagens månad), så att månaderna summerar till hela perioden.", "Each verdict counts once, in the month its deadline falls in (else the start's month), so the months add up to the whole period."},
	"method_wilson":    {"Varje andel har ett 95 %% Wilson-intervall (score interval, z = %s). Det ligger alltid mellan 0 och 100 %% och är brett när underlaget är litet.", "Every rate has a 95 %% Wilson score interval (z = %s). It always lies between 0 and 100 %% and is wide when the numbers are small."},
	"method_rule":      {"Regel för jämförelsen: skillnaden mot snittet räknas som säkerställd bara när utföraren har minst %d bedömda och dess intervall inte överlappar snittets intervall. Annars står det ”skillnaden kan inte säkerställas”. Att två 95 %%-intervall inte överlappar är ett försiktigt test: det pekar ut färre skillnader än ett test på 5 %% nivå.", "Rule of the comparison: a difference from the average counts as established only when the provider has at least %d judged verdicts and its interval does not overlap the average's. Otherwise the report says \"the difference cannot be established\". Two 95 %% intervals not overlapping is a conservative test: it flags fewer differences than a test at the 5 %% level."},
	"method_ref_all":   {"Snittet är kommunens genomsnitt: alla bedömningar av de regler som räknas, även ärenden utan utförare, och utförarens egna.", "The average is the municipality's: every verdict of the rules counted, including cases without a provider, and the provider's own."},
	"method_ref_other": {"Snittet är det anonyma genomsnittet av alla andra utförare (%d stycken) och ärenden utan utförare; utförarens egna bedömningar ingår inte.", "The average is the anonymous average of all other providers (%d of them) and cases without a provider; the provider's own verdicts are not in it."},
	"method_ranking":   {"Rangordningen tar bara med utförare med minst %d bedömda, efter följsamhet; vid lika följsamhet står den med flest bedömda först och de delar plats. Övriga står sist, utan plats.", "The ranking only includes providers with at least %d judged verdicts, by compliance; equal rates share a place, the one with more verdicts first. The others come last, unranked."},
	"method_roles":     {"Bara steg där utföraren ansvarar räknas (ansvarig innehåller: %s), eftersom handläggarens steg inte säger något om utföraren.", "Only steps the provider is responsible for count (responsible contains: %s), since the case officer's steps say nothing about the provider."},
	"method_all_rules": {"Alla regler räknas, vem som än är ansvarig (--all-rules).", "Every rule counts, whoever is responsible (--all-rules)."},
	"method_excluded":  {"Regler som inte räknas", "Rules not counted"},
	"method_included":  {"Regler som räknas", "Rules counted"},
	"method_unknown":   {"(finns inte i de inlästa rutinerna)", "(not in the routines loaded)"},
	"method_counts":    {"Av bedömningarna låg %s utanför perioden, %s kunde inte placeras i en månad (ej tillämplig utan datum i verdicts.csv) och %s gällde regler som inte räknas. %s bedömningar gäller ärenden utan utförare och ingår bara i snittet.", "Of the verdicts, %s fell outside the period, %s could not be placed in a month (not applicable without dates in verdicts.csv) and %s were of rules not counted. %s verdicts concern cases without a provider and are only in the average."},
	"method_files":     {"I verdicts.csv saknar personer med skyddade personuppgifter ärende-id och utförare: deras bedömningar ingår bara i snittet. Finns samma ärende och regel i flera filer räknas den sist angivna filen.", "In verdicts.csv persons with protected identity have no case id or provider: their verdicts are only in the average. Where the same case and rule appear in several files, the last file given counts."},
	"method_extract":   {"Utdraget visar bara denna utförares ärenden, med pseudonym; personer med skyddade personuppgifter bara som antal. Inga andra utförares namn förekommer.", "The extract shows only this provider's cases, by pseudonym; persons with protected identity only as counts. No other provider's name appears."},
	"method_privacy":   {"Rapporten visar aldrig personnummer eller namn, och personer med skyddade personuppgifter aldrig med något identifierande fält.", "The report never shows a personnummer or name, and persons with protected identity never with any identifying field."},
	"method_inputs":    {"Filer", "Files"},
	"method_command":   {"Kommandorad", "Command line"},
}

// labels are the texts of one language.
type labels struct{ lang reports.Lang }

func labelsFor(lang string) labels { return labels{reports.ParseLang(lang)} }

// get returns the label of key, or key itself when the table lacks it (a visible gap).
func (l labels) get(key string) string { return labelTable.Get(l.lang, key) }

// f formats the label of key with args.
func (l labels) f(key string, args ...any) string { return labelTable.Format(l.lang, key, args...) }

func (l labels) status(s audit.Status) string { return reports.StatusLabel(s, l.lang) }

func (l labels) comparison(c Comparison) string { return l.get(fmt.Sprintf("cmp_%d", c)) }
