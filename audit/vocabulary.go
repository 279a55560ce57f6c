package audit

import (
	"fmt"
	"sort"
)

// EventCode identifies an event type within a Vocabulary. Codes of the built-in
// vocabulary are constants; codes a routine file adds follow them. One byte: every
// event holds one (see Event).
type EventCode uint8

// MaxEventCodes is the most event codes a Vocabulary holds: the built-in ones and
// those routine files add.
const MaxEventCodes = 255

// NoEvent is the zero EventCode: no event.
const NoEvent EventCode = 0

// EventType describes one event code of the vocabulary.
type EventType struct {
	Code    string // ASCII slug of the Swedish words, e.g. "bestallning_mottagen"
	Meaning string // Swedish description
	Rules   string // the rules of the source routines that use it
}

// BuiltinEvents is rutinkoll's event vocabulary: one code per step, shared by all
// routines so that a case from any verksamhetssystem can be judged by any routine.
// It is the one place the vocabulary is defined; docs/events.md is generated from it.
// Every event has a date and may have a registration date: rules on registration lag
// judge the registration date of the event they name.
var BuiltinEvents = []EventType{
	{"ansokan", "ansökan inkommen", "IVO"},
	{"beslut", "gynnande beslut fattat (beslutsdatum)", "SOL-BS-01, VOB-01, GOT-05, GOT-15, GOT-16, IVO"},
	{"beslut_registrerat_boendemodul", "beslut registrerat hos boendesamordningen", "VOB-01"},
	{"utforare_vald", "den enskilde har valt utförare", "SOL-BS-01"},
	{"ickeval_tilldelad", "utförare tilldelad genom ickeval (detalj omrade=…)", "SOL-BS-01, GOT-01"},
	{"bestallning_registrerad", "beställning/uppdrag registrerad och skickad av handläggaren", "PAR-01, PAR-02, PAR-05"},
	{"bestallning_mottagen", "utföraren har tagit emot beställningen", "SOL-BS-02..05, SOL-BS-07, GOT-02, GOT-03"},
	{"bestallning_bekraftad", "utföraren har bekräftat beställningen (Paraply: och påbörjat uppdraget)", "SOL-BS-02, PAR-01"},
	{"insats_paborjad", "insatsen påbörjad = verkställighetsdatum (inflyttning för boende)", "SOL-BS-03, SOL-BS-06, SOL-BS-07, GOT-02, GOT-03, GOT-08, GOT-10, GOT-11, PAR-03, VOB-05, IVO"},
	{"handlaggare_kontaktad", "utföraren har kontaktat handläggaren (insats ej påbörjad)", "SOL-BS-07"},
	{"kartlaggning_klar", "kartläggning klar", "SOL-BS-06"},
	{"genomforandeplan_paborjad", "upprättande av genomförandeplan påbörjat", "SOL-BS-04, GOT-10"},
	{"genomforandeplan_klar", "genomförandeplan färdig", "GOT-11, GOT-12"},
	{"genomforandeplan_inkommen", "genomförandeplan inkommen till myndigheten/handläggaren", "SOL-BS-05, SOL-BS-08, SOL-BS-10, PAR-03, GOT-13"},
	{"genomforandeplan_bekraftad", "handläggaren har bekräftat mottagandet av genomförandeplanen", "SOL-BS-10"},
	{"genomforandeplan_uppfoljd", "utföraren har följt upp genomförandeplanen", "GOT-12"},
	{"uppfoljning", "handläggarens uppföljning av beslutet", "SOL-BS-08, GOT-15, GOT-16"},
	{"journal_sammanfattad", "social dokumentation sammanfattad i verksamhetsjournalen", "GOT-14"},
	{"franvaro_start", "frånvaro (t.ex. sjukhusvistelse) börjar", "SOL-BS-09, GOT-09, klockpaus"},
	{"franvaro_slut", "frånvaro slutar", "SOL-BS-09, GOT-09, klockpaus"},
	{"franvaro_anmald", "frånvaron anmäld/registrerad", "SOL-BS-09, GOT-09"},
	{"hyresgast_avliden", "hyresgäst avliden", "VOB-02"},
	{"bosam_meddelad", "BOSAM/boendesamordningen meddelad", "VOB-02, VOB-07"},
	{"erbjudande", "lägenhet/plats erbjuden", "VOB-03, IVO"},
	{"svar_ja", "den enskilde tackar ja", "VOB-03, VOB-04, VOB-07, PAR-05"},
	{"svar_nej", "den enskilde tackar nej (stänger inte ett ej verkställt beslut)", "VOB-03, IVO"},
	{"lagenhet_inflyttningsklar", "lägenheten inflyttningsklar", "VOB-04"},
	{"ovriga_insatser_avslutade", "övriga pågående insatser avslutade", "VOB-06"},
	{"matdistribution_bestalld", "matdistribution beställd", "GOT-05"},
	{"larm_bestallt", "trygghetslarm beställt hos HMC", "GOT-06, GOT-07"},
	{"larm_installerat", "trygghetslarm installerat", "GOT-07"},
	{"byte_begart", "byte av utförare begärt", "GOT-17, GOT-18"},
	{"kontakt_foregaende_utforare", "ny utförare har kontaktat föregående utförare", "GOT-17"},
	{"byte_genomfort", "byte av utförare genomfört", "GOT-18"},
	{"datum_korrigerat", "ett datum korrigerat i verksamhetssystemet", "GOT-04"},
	{"koanmalan", "köanmälan till vård- och omsorgsboende (detaljer enligt PAR-04)", "PAR-04"},
	{"avbrott", "verkställigheten avbruten", "IVO"},
	{"avbrott_slut", "verkställigheten återupptagen", "IVO"},
	{"avslut", "ärende eller insats avslutat", "GOT-19, återkommande regler slutar, IVO"},
	{"avslut_meddelat", "avslutet meddelat motparten", "GOT-19"},
}

// Vocabulary maps event code strings to EventCodes and back. NewVocabulary returns the
// built-in vocabulary; routine files may Add their own codes. A Vocabulary must not be
// changed while it is read concurrently.
type Vocabulary struct {
	types []EventType // index = EventCode; index 0 is NoEvent
	index map[string]EventCode
}

// NewVocabulary returns a vocabulary holding the built-in events.
func NewVocabulary() *Vocabulary {
	v := &Vocabulary{types: make([]EventType, 1, len(BuiltinEvents)+8), index: make(map[string]EventCode, len(BuiltinEvents)+8)}
	for _, t := range BuiltinEvents {
		v.Add(t)
	}
	return v
}

// Add adds t and returns its code; a code already present keeps its meaning and code.
// It panics when the vocabulary holds MaxEventCodes codes already (see Full).
func (v *Vocabulary) Add(t EventType) EventCode {
	if c, ok := v.index[t.Code]; ok {
		return c
	}
	if v.Full() {
		panic(fmt.Sprintf("audit: vocabulary full: %d event codes", MaxEventCodes))
	}
	c := EventCode(len(v.types))
	v.types = append(v.types, t)
	v.index[t.Code] = c
	return c
}

// Full reports whether the vocabulary holds MaxEventCodes codes: Add can add no more.
func (v *Vocabulary) Full() bool { return v.Len() >= MaxEventCodes }

// Lookup returns the code of name.
func (v *Vocabulary) Lookup(name string) (EventCode, bool) {
	c, ok := v.index[name]
	return c, ok
}

// Name returns the code string of c ("" for NoEvent or an unknown code).
func (v *Vocabulary) Name(c EventCode) string {
	if int(c) >= len(v.types) {
		return ""
	}
	return v.types[c].Code
}

// Type returns the description of c.
func (v *Vocabulary) Type(c EventCode) EventType {
	if int(c) >= len(v.types) {
		return EventType{}
	}
	return v.types[c]
}

// Names returns every code string, sorted.
func (v *Vocabulary) Names() []string {
	out := make([]string, 0, len(v.index))
	for n := range v.index {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Len returns the number of codes.
func (v *Vocabulary) Len() int { return len(v.types) - 1 }

// builtinCode returns the code of a built-in event; built-in codes are the same in
// every Vocabulary because NewVocabulary adds them first, in order.
func builtinCode(name string) EventCode {
	for i, t := range BuiltinEvents {
		if t.Code == name {
			return EventCode(i + 1)
		}
	}
	panic("audit: no built-in event " + name)
}

// Built-in event codes the engine itself needs.
var (
	EventFranvaroStart = builtinCode("franvaro_start")
	EventFranvaroSlut  = builtinCode("franvaro_slut")
	EventAvslut        = builtinCode("avslut")
)
