// Package synth makes synthetic exports in the format of an import profile, together
// with the ground truth an audit of them must produce.
//
// [Generate] writes an export the way the verksamhetssystem a profile describes would
// write it — the profile's headers, shape (one row per event or one row per case),
// delimiter, encoding, date formats and value texts, or an Excel workbook — filled with
// synthetic cases and synthetic, Luhn-valid personnummer. For every (case, rule) pair
// that the export can express it records the verdict that
//
//	rutinkoll audit --profile P --input EXPORT --asof DATE
//
// must give: status, days late or left, start, deadline and the date judged.
//
// The truth is built forward, never by running the audit engine: for each case the
// generator picks an insats, walks the events the applicable rules connect in the order
// the rules assume (beslut, beställning, bekräftelse, påbörjad insats, …), and for each
// event lets one rule that has it as its target choose an intended outcome — mostly i
// tid, some sen, some saknas, some pågående close to the brytdatum, some datafel — then
// computes that rule's deadline with the audit package's deadline arithmetic
// ([audit.Deadline.Due] on the routine's calendars) and places the event on the
// deadline, before it, after it, or not at all. Some cases are placed deliberately
// around Swedish holidays (midsommar, jul and nyår, påsk, Kristi himmelfärd, …). Other
// rules that judge the same event get their verdict from where the event was placed,
// with the same arithmetic. Ej tillämplig verdicts come from conditions that do not
// hold (ny kund, frekvens, insats) and from start events that are missing or dated after
// the brytdatum.
//
// Only rules whose events the profile can carry get truth (see [Supported]): duration
// rules with a dated deadline, registration-lag rules and precedence rules. Recurring,
// completeness, rotation and escalation rules, lead-time-only rules and rules with a
// frånvaro condition are left out, as are rules whose start or target event the export
// has no column or text for.
//
// The export also holds rows the import must reject — dates that do not exist, texts
// the profile does not know, invalid personnummer, a row with a field too many — and,
// for exports with one row per event, duplicate rows. Each is listed with the rejection
// (line, column, header, value) the import must report, and the expected accounting
// (read = imported + rejected + duplicates) is given. A rejected event is always one
// the truth treats as absent, so rejections never change a verdict.
//
// The same options and seed give the same bytes.
package synth
