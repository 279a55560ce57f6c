package canonical

// rowIndex maps each Row field to its record index (-1: column absent), so the
// block reader takes fields by position instead of by reflection. It gives exactly
// what csvutil's Decode gives for these all-string fields
// (TestReadFileAtMatchesReadFile).
type rowIndex [14]int

// The Row fields in rowIndex order, which is the order of Columns.
const (
	fCase = iota
	fPerson
	fInsats
	fUtforare
	fEnhet
	fKommun
	fEvent
	fDate
	fRegistered
	fFrequency
	fFlags
	fGender
	fIVOCode
	fDetails
)

func newRowIndex(hdr []string) rowIndex {
	var ix rowIndex
	for i, name := range Columns {
		ix[i] = indexOf(hdr, name)
	}
	return ix
}

func indexOf(hdr []string, name string) int {
	for i, h := range hdr {
		if h == name {
			return i
		}
	}
	return -1
}

// row returns the fields as a Row, for the rows the fast checks do not accept.
func (ix *rowIndex) row(fields [][]byte) Row {
	get := func(i int) string {
		if ix[i] < 0 {
			return ""
		}
		return string(fields[ix[i]])
	}
	return Row{CaseID: get(fCase), Person: get(fPerson), Insats: get(fInsats), Utforare: get(fUtforare), Enhet: get(fEnhet),
		Kommun: get(fKommun), Event: get(fEvent), Date: get(fDate), Registered: get(fRegistered), Frequency: get(fFrequency),
		Flags: get(fFlags), Gender: get(fGender), IVOCode: get(fIVOCode), Details: get(fDetails)}
}
