package profile

import "github.com/rutinkoll/rutinkoll/audit"

// Holds returns which events an import through p can produce, for audit.Options.Holds:
// the codes its event value maps and wide event columns name. It returns nil when an
// event column has no value map, because then the column holds event codes as written
// and any event can appear.
func (p *Profile) Holds(vocab *audit.Vocabulary) func(audit.EventCode) bool {
	set := map[audit.EventCode]bool{}
	addMapped := func(vm *ValueMap) {
		for _, to := range vm.To {
			if code, ok := vocab.Lookup(to); ok {
				set[code] = true
			}
		}
	}
	if p.Shape == ShapeLong {
		switch ev := p.Columns.Event; {
		case ev == nil:
		case ev.Values == nil:
			return nil
		default:
			addMapped(ev.Values)
		}
	} else {
		for i := range p.Events {
			e := &p.Events[i]
			switch {
			case e.Code != "":
				if code, ok := vocab.Lookup(e.Code); ok {
					set[code] = true
				}
			case e.EventColumn != nil && e.EventColumn.Values == nil:
				return nil
			case e.EventColumn != nil:
				addMapped(e.EventColumn.Values)
			}
		}
	}
	return func(c audit.EventCode) bool { return set[c] }
}
