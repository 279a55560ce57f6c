package ivo

import "fmt"

// labelTable holds every text the IVO renderers print, keyed like reports.Labels:
// {Swedish, English}. Texts that are data (law, reasons, inriktning) live in ivo.yaml.
var labelTable = map[string][2]string{
	"title":          {"Ej verkställda beslut – rapport till IVO", "Decisions not executed – report to IVO"},
	"subtitle":       {"Kvartalsrapport enligt %s", "Quarterly report under %s"},
	"quarter":        {"Kvartal", "Quarter"},
	"period":         {"Period", "Period"},
	"municipality":   {"Kommun", "Municipality"},
	"namnd":          {"Nämnd", "Committee (nämnd)"},
	"reporting_date": {"Rapporteringsdatum", "Reporting date"},
	"window":         {"Inrapportering till IVO", "Due at IVO"},
	"window_check":   {"enligt konfigurationen; kontrollera IVO:s aktuella datum", "as configured; check IVO's current dates"},
	"law":            {"Lagrum", "Legal reference"},
	"generated":      {"Skapad", "Generated"},
	"preliminary":    {"Preliminär: rapporten skapades innan kvartalet var slut, och siffrorna kan ändras.", "Preliminary: the report was made before the quarter ended, and the figures may change."},
	"not_given":      {"(inte angiven)", "(not given)"},
	"page_of":        {"Sida %d av %s", "Page %d of %s"},
	"contents":       {"Innehåll", "Contents"},

	"sheet_new":     {"Nya", "New"},
	"sheet_ongoing": {"Kvarstående", "Ongoing"},
	"sheet_closed":  {"Avslutade", "Closed"},
	"sheet_stats":   {"Statistik", "Statistics"},
	"sheet_method":  {"Metod", "Method"},

	"list_title_0":   {"Nya ej verkställda beslut", "New decisions not executed"},
	"list_title_1":   {"Kvarstående ej verkställda beslut", "Decisions still not executed"},
	"list_title_2":   {"Verkställda eller avslutade under kvartalet (slutrapport)", "Executed or closed during the quarter (closing report)"},
	"list_intro_0":   {"Rapporteringsplikten inträdde under kvartalet, och beslutet var inte verkställt vid kvartalets slut.", "The duty to report started during the quarter, and the decision was not executed at the quarter's end."},
	"list_intro_1":   {"Rapporterade redan tidigare kvartal och fortfarande inte verkställda vid kvartalets slut: rapporteras igen med alla uppgifter.", "Reported in an earlier quarter and still not executed at the quarter's end: reported again with every field."},
	"list_intro_2":   {"Rapporteringspliktiga beslut som verkställdes eller avslutades under kvartalet, med datum och hur.", "Reportable decisions executed or closed during the quarter, with the date and how."},
	"list_empty":     {"Inga beslut i denna lista.", "No decisions in this list."},
	"list_rows":      {"%d beslut.", "%d decisions."},
	"protected_rows": {"%d beslut gäller personer med skyddade personuppgifter och visas inte här; de ingår i antalen under Statistik.", "%d decisions concern persons with protected identity and are not shown here; they are included in the counts under Statistics."},
	"missing_codes":  {"%d rader saknar giltig IVO-kod (”saknas”): se Datakvalitet under Metod.", "%d rows have no valid IVO code (\"missing\"): see Data quality under Method."},

	"col_case":              {"Ärende", "Case"},
	"col_ivo":               {"IVO-kod", "IVO code"},
	"col_gender":            {"Kön", "Sex"},
	"col_inriktning":        {"Inriktning", "Area"},
	"col_insats":            {"Insats", "Service (insats)"},
	"col_beslut":            {"Beslutsdatum", "Decision date"},
	"col_beslut_short":      {"Beslut", "Decision"},
	"col_insats_inriktning": {"Insats och inriktning", "Service and area"},
	"col_avbrott":           {"Avbrott", "Interrupted"},
	"col_trigger":           {"Rapporteras från", "Reportable from"},
	"col_offers":            {"Erbjudanden", "Offers"},
	"col_days":              {"Dagar väntat", "Days waited"},
	"col_reason":            {"Skäl till dröjsmålet", "Reason for the delay"},
	"col_utforare":          {"Utförare", "Provider"},
	"col_ended":             {"Verkställt eller avslutat", "Executed or closed"},
	"col_how":               {"Hur", "How"},

	"gender_K":           {"kvinna", "woman"},
	"gender_M":           {"man", "man"},
	"gender_0":           {"okänt", "unknown"},
	"missing":            {"saknas", "missing"},
	"closure_1":          {"verkställt", "executed"},
	"closure_2":          {"verkställt (återupptaget efter avbrott)", "executed (resumed after interruption)"},
	"closure_3":          {"avslutat utan verkställighet", "closed without execution"},
	"first_report":       {"första rapporten är också slutrapport", "first report is also the closing report"},
	"offer_no":           {"nej %s", "declined %s"},
	"offer_yes":          {"ja %s", "accepted %s"},
	"reason_missing":     {"skäl saknas", "no reason given"},
	"inriktning_unknown": {"okänd inriktning", "unknown area"},

	"stats_title":      {"Statistikrapport", "Statistical report"},
	"stats_intro":      {"Samma uppgifter utan identiteter, för nämnden, kommunfullmäktige och revisorerna. Personer med skyddade personuppgifter ingår i antalen.", "The same figures without identities, for the committee, the municipal council and the auditors. Persons with protected identity are included in the counts."},
	"stats_lists":      {"Antal per lista", "Count per list"},
	"per_insats":       {"Per insats", "Per service"},
	"per_inriktning":   {"Per inriktning", "Per area"},
	"per_reason":       {"Per skäl till dröjsmålet", "Per reason for the delay"},
	"per_gender":       {"Per kön", "Per sex"},
	"women":            {"Kvinnor", "Women"},
	"men":              {"Män", "Men"},
	"unknown_gender":   {"Okänt kön", "Sex unknown"},
	"open":             {"Ej verkställda vid kvartalets slut", "Not executed at the quarter's end"},
	"closed":           {"Verkställda/avslutade under kvartalet", "Executed/closed during the quarter"},
	"total":            {"Totalt", "Total"},
	"count":            {"Antal", "Count"},
	"wait_title":       {"Dagar väntat", "Days waited"},
	"wait_open":        {"Ej verkställda: från beslut (eller avbrott) till kvartalets slut", "Not executed: from decision (or interruption) to the quarter's end"},
	"wait_closed":      {"Verkställda/avslutade: från beslut (eller avbrott) till verkställighet eller avslut", "Executed/closed: from decision (or interruption) to execution or closure"},
	"median":           {"Median", "Median"},
	"max":              {"Längst", "Longest"},
	"protected_count":  {"Varav personer med skyddade personuppgifter (endast antal)", "Of which persons with protected identity (count only)"},
	"stats_list_new":   {"Nya under kvartalet", "New this quarter"},
	"stats_list_ongo":  {"Kvarstående från tidigare kvartal", "Ongoing from earlier quarters"},
	"stats_list_close": {"Verkställda eller avslutade under kvartalet", "Executed or closed during the quarter"},

	"method_title":      {"Så har rapporten tagits fram", "How this report was produced"},
	"method_events":     {"Gynnande beslut är händelsen beslut. Verkställighet är insats_paborjad (för boende: inflyttningen). avbrott och avbrott_slut markerar att verkställigheten avbrutits och återupptagits; avslut avslutar ärendet. erbjudande, svar_ja och svar_nej är erbjudanden och svar: ett erbjudande som den enskilde tackat nej till avslutar inte ärendet, som fortsätter att rapporteras. Skälet till dröjsmålet är beslutshändelsens uppgift skal=… (vid avbrott avbrottshändelsens, annars beslutets).", "A favourable decision is the event beslut. Execution is insats_paborjad (for residential care: moving in). avbrott and avbrott_slut mark an interruption and its end; avslut closes the case. erbjudande, svar_ja and svar_nej are offers and answers: an offer the person declined does not close the case, which is still reported. The reason for the delay is the beslut event's detail skal=… (for an interruption the avbrott event's, else the decision's)."},
	"method_trigger":    {"Ett beslut blir rapporteringspliktigt när minst tre månader och en dag har gått från beslutet eller avbrottet: samma dagnummer tre månader senare (eller den månadens sista dag, om den är kortare) plus en dag. Ett beslut som verkställs senast dagen innan har verkställts inom tre månader och rapporteras inte.", "A decision becomes reportable when at least three months and one day have passed since the decision or the interruption: the same day number three months later (or that month's last day, if shorter) plus one day. A decision executed by the day before has been executed within three months and is not reported."},
	"method_lists":      {"Nya: rapporteringsplikten inträdde under kvartalet och beslutet var inte verkställt vid kvartalets slut. Kvarstående: rapporteringsplikten inträdde före kvartalet och beslutet var fortfarande inte verkställt vid kvartalets slut. Avslutade: ett rapporteringspliktigt beslut som verkställdes eller avslutades under kvartalet (slutrapport); blev det rapporteringspliktigt under samma kvartal är den första rapporten också slutrapporten.", "New: the duty to report started during the quarter and the decision was not executed at its end. Ongoing: the duty to report started before the quarter and the decision was still not executed at its end. Closed: a reportable decision executed or closed during the quarter (closing report); if it became reportable in the same quarter, its first report is also its closing report."},
	"method_cutoff":     {"Händelser daterade efter kvartalets sista dag räknas inte, så rapporten för ett avslutat kvartal blir densamma när den än körs.", "Events dated after the quarter's last day do not count, so the report of a past quarter is the same whenever it is run."},
	"method_days":       {"Dagar väntat räknas i kalenderdagar från beslutet (eller avbrottet) till verkställigheten eller avslutet, och för beslut som inte är verkställda till kvartalets sista dag. Medianen räknas med närmaste rang.", "Days waited are calendar days from the decision (or the interruption) to execution or closure, and for decisions not executed to the quarter's last day. The median uses the nearest rank."},
	"method_gender":     {"Kön tas från indata; saknas det härleds det ur IVO-kodens sista siffra (jämn = kvinna, udda = man).", "Sex comes from the input; where it is missing it is derived from the IVO code's last digit (even = woman, odd = man)."},
	"method_ivo_code":   {"IVO-koden är IVO:s pseudonym ÅÅÅÅMMDD-T följt av tre siffror (eller -TF och två siffror). Saknas den eller har den fel form skrivs ”saknas” och ärendet listas under Datakvalitet: rapporten visar aldrig ett personnummer eller ärendets egen pseudonym i dess ställe.", "The IVO code is IVO's pseudonym YYYYMMDD-T followed by three digits (or -TF and two digits). Where it is missing or malformed the report prints \"missing\" and lists the case under Data quality: it never shows a personnummer or the case's own pseudonym in its place."},
	"method_partial":    {"Delvis verkställda beslut (till exempel 3 av 5 beviljade timmar) kan inte utläsas ur indata: ett beslut räknas som verkställt när insatsen påbörjats.", "Partly executed decisions (for example 3 of 5 granted hours) cannot be read from the input: a decision counts as executed when the service started."},
	"method_inriktning": {"Inriktning härleds ur insatsen enligt tabellen nedan. Tabellen är konfiguration, inte lag: ändra den med --ivo-config.", "The area is derived from the service by the table below. The table is configuration, not law: change it with --ivo-config."},
	"method_privacy":    {"Personuppgifter", "Personal data"},
	"method_case_id":    {"Excelfilen visar verksamhetssystemets ärende-id för uppföljning internt; PDF:en visar bara IVO-koden.", "The workbook shows the case id of the case-management system for internal follow-up; the PDF shows only the IVO code."},
	"method_config":     {"Konfiguration", "Configuration"},
	"method_mapping":    {"Insats → inriktning", "Service → area"},
	"method_reasons":    {"Skäl (koder i skal=…)", "Reasons (codes in skal=…)"},
	"method_inputs":     {"Indatafiler", "Input files"},
	"method_command":    {"Kommandorad", "Command line"},
	"code":              {"Kod", "Code"},
	"text":              {"Text", "Text"},
	"file":              {"Fil", "File"},
	"read":              {"Lästa rader", "Rows read"},
	"imported":          {"Inlästa", "Imported"},
	"rejected":          {"Avvisade", "Rejected"},
	"duplicates":        {"Dubbletter", "Duplicates"},

	"quality_title": {"Datakvalitet: åtgärda före inrapportering", "Data quality: fix before reporting"},
	"quality_none":  {"Inga datakvalitetsproblem i kvartalets rapportpliktiga ärenden.", "No data-quality problems in the quarter's reportable cases."},
	"cases":         {"Ärenden", "Cases"},
	"quality_skydd": {"(skyddade personuppgifter: endast antal)", "(protected identity: count only)"},
	"of_which":      {"varav", "of which"},
	"problem":       {"Problem", "Problem"},
	"issue_1":       {"IVO-kod saknas", "IVO code missing"},
	"issue_2":       {"IVO-koden har fel form (visas inte)", "IVO code malformed (not shown)"},
	"issue_3":       {"Kön stämmer inte med IVO-kodens sista siffra", "Sex does not match the IVO code's last digit"},
	"issue_4":       {"Kön saknas", "Sex missing"},
	"issue_5":       {"Skäl till dröjsmålet saknas (skal=… på beslutet)", "No reason for the delay (skal=… on the decision)"},
	"issue_6":       {"Insatsen saknar inriktning i konfigurationen", "The service has no area in the configuration"},
	"issue_7":       {"Flera beslut i ärendet: det första används", "Several decisions in the case: the first is used"},
	"issue_8":       {"Avbrott utan verkställighet, eller avbrott_slut utan avbrott", "Interruption without execution, or avbrott_slut without avbrott"},
}

// labels are the texts of one language.
type labels struct{ i int }

func labelsFor(lang string) labels {
	if lang == "en" {
		return labels{1}
	}
	return labels{0}
}

// get returns the label of key, or key itself when the table lacks it (a visible gap).
func (l labels) get(key string) string {
	if v, ok := labelTable[key]; ok {
		return v[l.i]
	}
	return key
}

// f formats the label of key with args.
func (l labels) f(key string, args ...any) string { return fmt.Sprintf(l.get(key), args...) }
