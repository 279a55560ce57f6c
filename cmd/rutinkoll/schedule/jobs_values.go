package schedule

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"time"
	_ "time/tzdata" // the zone database in the binary: Windows servers have none

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
)

// str returns a scalar's value; numbers are taken as written.
func (p *parser) str(n *yaml.Node, job, field string) (string, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.add(n, job, field, "is "+describe(n), "a string")
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" {
		p.add(n, job, field, "is empty", "a non-empty string")
		return "", false
	}
	return n.Value, true
}

func (p *parser) enum(n *yaml.Node, job, field string, allowed []string) (string, bool) {
	s, ok := p.str(n, job, field)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		p.add(n, job, field, fmt.Sprintf("unknown value %q%s", s, suggest(s, allowed)), orList(allowed))
		return "", false
	}
	return s, true
}

func (p *parser) strList(n *yaml.Node, job, field string) ([]string, bool) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		p.add(n, job, field, "is "+describe(n), "a list of strings, such as [a, b]")
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	for _, item := range n.Content {
		s, good := p.str(item, job, field)
		ok = ok && good
		out = append(out, s)
	}
	return out, ok
}

// parseCron parses a cron spec, returning a message naming the field at fault.
func parseCron(spec string) (*cron.SpecSchedule, string) {
	s := strings.TrimSpace(spec)
	switch {
	case strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ="):
		return nil, fmt.Sprintf("%q sets a time zone inside the spec; set it in the field 'timezone' instead", spec)
	case strings.HasPrefix(s, "@every"):
		return nil, fmt.Sprintf("%q: @every is not supported (intervals drift from the calendar and ignore daylight-saving rules)", spec)
	case strings.HasPrefix(s, "@"):
		if !slices.Contains(descriptors, s) {
			return nil, fmt.Sprintf("unknown descriptor %q%s", spec, suggest(s, descriptors))
		}
	default:
		fields := strings.Fields(s)
		if len(fields) != 5 {
			return nil, fmt.Sprintf("%q has %d fields", spec, len(fields))
		}
		for i, fv := range fields {
			probe := []string{"*", "*", "*", "*", "*"}
			probe[i] = fv
			if _, err := cronParser.Parse(strings.Join(probe, " ")); err != nil {
				// A value out of range or not a number gets the field's range; other
				// mistakes (a step of 0, a range without an end) the library's words.
				if e := err.Error(); strings.Contains(e, "above maximum") || strings.Contains(e, "below minimum") || strings.Contains(e, "failed to parse int") {
					return nil, fmt.Sprintf("%q: %s field %q: %s run from %s (write a value, *, a list such as 1,15, a range such as 1-5, or a step such as */2)",
						spec, cronFields[i], fv, cronUnits[i], cronRanges[i])
				}
				return nil, fmt.Sprintf("%q: %s field %q: %v", spec, cronFields[i], fv, err)
			}
		}
	}
	sched, err := cronParser.Parse(s)
	if err != nil {
		return nil, fmt.Sprintf("%q: %v", spec, err)
	}
	ss, ok := sched.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Sprintf("%q is not a calendar schedule", spec)
	}
	ss.Location = time.UTC
	if ss.Next(cronRefTime).IsZero() {
		return nil, fmt.Sprintf("%q never fires (no such date)", spec)
	}
	return ss, ""
}

func loadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q is not a fixed time zone", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "not a value"
}

func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// plainTemplate allows only text and {{.Field}} actions in an 'out' template: no
// pipelines, conditions or loops (a {{range}} over a large number would never end).
func plainTemplate(t *template.Template) error {
	if len(t.Templates()) > 1 {
		return errors.New("{{define}} and {{block}} are not allowed")
	}
	for _, n := range t.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
		case *parse.ActionNode:
			if len(n.Pipe.Decl) == 0 && len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
				if f, ok := n.Pipe.Cmds[0].Args[0].(*parse.FieldNode); ok && len(f.Ident) == 1 {
					continue
				}
			}
			return fmt.Errorf("%s is not allowed: only {{.Period}} and {{.Job}}", n)
		default:
			return fmt.Errorf("%s is not allowed: only {{.Period}} and {{.Job}}", n)
		}
	}
	return nil
}

// templateMessage shortens text/template's "template: name:1: …" prefix.
func templateMessage(err error) string {
	msg := err.Error()
	if m := tmplFieldRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown field {{.%s}}", m[1])
	}
	if strings.HasPrefix(msg, "template: ") {
		// Drop the "template: name:line:col: executing … at <.X>: " parts.
		if j := strings.LastIndex(msg, ": "); j >= 0 {
			return msg[j+2:]
		}
	}
	return msg
}
