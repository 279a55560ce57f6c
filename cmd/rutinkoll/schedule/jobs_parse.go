package schedule

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit/yamlpos"
)

var (
	topFields   = []string{"jobs", "state_file", "log_format"}
	jobFields   = []string{"cron", "timezone", "input", "profile", "key_file", "routines", "calendar", "policy", "municipality", "period", "brytdatum_days_after_period_end", "out", "kinds", "catch_up"}
	inputFields = []string{"dir", "glob", "pick"}
	periodKinds = []string{CurrentMonth, PreviousMonth, PreviousQuarter}
	reportKinds = []string{KindAudit, KindIVO, KindTrend}
	inputPicks  = []string{PickNewest, PickPeriod}
	logFormats  = []string{LogText, LogJSON}
	descriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

	jobNameRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	tmplFieldRE = regexp.MustCompile(`can't evaluate field (\w+) in type`)
	cronParser  = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	cronFields  = []string{"minute", "hour", "day-of-month", "month", "day-of-week"}
	cronUnits   = []string{"minutes", "hours", "days of the month", "months", "days of the week"}
	cronRanges  = []string{"0 to 59", "0 to 23", "1 to 31", "1 to 12, or jan to dec", "0 to 6, Sunday first, or sun to sat"}
	cronExpect  = `5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of ` + strings.Join(descriptors, ", ")
	tmplExpect  = `a path template using {{.Period}} and {{.Job}}, such as "reports/{{.Period}}/"`
	tzExpect    = `an IANA time zone name such as "Europe/Stockholm" or "UTC"`
	sampleWhen  = time.Date(2026, time.November, 15, 12, 0, 0, 0, time.UTC)
	cronRefTime = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// ParseJobs parses and validates a jobs file. name is used in messages and to resolve
// relative paths (against filepath.Dir(name)). Unknown fields, a bad cron spec, an
// unknown time zone, period, kind or pick, and a bad 'out' template are errors; every
// problem in the file is reported, each as path:line:column, in one *JobsError.
//
// The file looks like this:
//
//	state_file: /var/lib/rutinkoll/state.json   # default rutinkoll-state.json beside this file
//	log_format: json                           # text (default) or json
//	jobs:
//	  monthly-audit:
//	    cron: "0 6 6 * *"                      # 5 fields or @daily, @monthly, …
//	    timezone: Europe/Stockholm             # default
//	    input: {dir: exports, glob: "*.csv", pick: newest}
//	    profile: lifecare
//	    key_file: /etc/rutinkoll/pseudonym.key # or the environment variable
//	    routines: [paraply, got]
//	    calendar: kalender.yaml                # the municipality's closed days
//	    policy: policy.yaml                    # numbers for "omgående" rules
//	    municipality: Exempelkommunen          # printed on the reports
//	    period: previous-month                 # current-month, previous-month (default), previous-quarter
//	    brytdatum_days_after_period_end: 5     # default 5 (GOT-08)
//	    out: "reports/{{.Period}}/"
//	    kinds: [audit, ivo]                    # audit (default), ivo, trend
//	    catch_up: true                         # default
func ParseJobs(name string, data []byte) (*JobsFile, error) {
	p := &parser{file: name}
	f := &JobsFile{Name: name, Dir: filepath.Dir(name), LogFormat: LogText}
	f.StateFile = filepath.Join(f.Dir, DefaultStateFile)

	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.addAt(1, 1, "", "", "the file is empty", "a mapping with the field 'jobs'")
		} else {
			p.syntax(data, err)
		}
		return nil, p.err()
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.add(&extra, "", "", "a second YAML document ('---') follows the first", "one document")
	case !errors.Is(err, io.EOF):
		p.syntax(data, err)
	}

	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		p.add(root, "", "", "the file is not a mapping", "a mapping with the field 'jobs'")
		return nil, p.err()
	}
	fields := p.fields(root, "", "", topFields)
	if n := fields["state_file"]; n != nil {
		if s, ok := p.str(n, "", "state_file"); ok {
			if !filepath.IsAbs(s) {
				s = filepath.Join(f.Dir, s)
			}
			f.StateFile = filepath.Clean(s)
		}
	}
	if n := fields["log_format"]; n != nil {
		if s, ok := p.enum(n, "", "log_format", logFormats); ok {
			f.LogFormat = s
		}
	}
	jobsNode := fields["jobs"]
	if jobsNode == nil {
		p.add(root, "", "", "the field 'jobs' is missing", "a mapping from job names to jobs")
		return nil, p.err()
	}
	jobsNode = deref(jobsNode)
	if jobsNode.Kind != yaml.MappingNode || len(jobsNode.Content) == 0 {
		p.add(jobsNode, "", "jobs", "is "+describe(jobsNode), "a mapping from job names to jobs")
		return nil, p.err()
	}
	seen := map[string]*yaml.Node{}
	outNodes := map[*Job]*yaml.Node{}
	for i := 0; i+1 < len(jobsNode.Content); i += 2 {
		key, val := jobsNode.Content[i], jobsNode.Content[i+1]
		jname := key.Value
		if prev := seen[jname]; prev != nil {
			p.add(key, jname, "", fmt.Sprintf("is defined twice (first at line %d)", prev.Line), "unique job names")
			continue
		}
		seen[jname] = key
		if !jobNameRE.MatchString(jname) {
			p.add(key, jname, "", "the name is not usable in file names", "1–64 letters, digits, '.', '_' or '-', starting with a letter or digit")
		}
		j, outNode := p.job(f, jname, val)
		if j == nil {
			continue
		}
		j.at[""] = position{key.Line, key.Column}
		f.Jobs = append(f.Jobs, j)
		outNodes[j] = outNode
	}
	p.checkOutDirs(f, outNodes)
	if len(p.probs) > 0 {
		return nil, p.err()
	}
	return f, nil
}

// parser collects problems while walking the YAML node tree.
type parser struct {
	file  string
	probs []*Problem
}

func (p *parser) err() error {
	sortProblems(p.probs)
	return &JobsError{Problems: p.probs}
}

func (p *parser) add(n *yaml.Node, job, field, msg, expected string) {
	p.addAt(n.Line, n.Column, job, field, msg, expected)
}

func (p *parser) addAt(line, col int, job, field, msg, expected string) {
	p.probs = append(p.probs, &Problem{File: p.file, Line: line, Column: col, Job: job, Field: field, Message: msg, Expected: expected})
}

// syntax turns a YAML syntax error into a problem at the line and column to fix, in
// words a reader can act on (a tab, a line that lines up with nothing, …), as routine
// and profile files get them.
func (p *parser) syntax(data []byte, err error) {
	sp := yamlpos.SyntaxProblem(p.file, data, err)
	p.addAt(sp.Line, sp.Column, "", "", strings.Replace(sp.Msg, "not valid YAML: ", "YAML syntax: ", 1), "")
}

// fields checks a mapping's keys against known and returns the value node per key.
// Unknown and duplicate keys become problems.
func (p *parser) fields(m *yaml.Node, job, prefix string, known []string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := prefix + k.Value
		if prev := keys[k.Value]; prev != nil {
			p.add(k, job, name, fmt.Sprintf("is set twice (first at line %d)", prev.Line), "each field once")
			continue
		}
		keys[k.Value] = k
		if !slices.Contains(known, k.Value) {
			p.add(k, job, name, "unknown field"+suggest(k.Value, known), "one of "+strings.Join(known, ", "))
			continue
		}
		out[k.Value] = v
	}
	return out
}

func (p *parser) job(f *JobsFile, name string, n *yaml.Node) (*Job, *yaml.Node) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.add(n, name, "", "is "+describe(n), "a mapping of job fields ("+strings.Join(jobFields, ", ")+")")
		return nil, nil
	}
	j := &Job{
		Name:          name,
		Timezone:      DefaultTimezone,
		Period:        PreviousMonth,
		BrytdatumDays: DefaultBrytdatumDays,
		Kinds:         []string{KindAudit},
		CatchUp:       true,
		Input:         Input{Glob: DefaultGlob, Pick: PickNewest},
		file:          f,
	}
	fs := p.fields(n, name, "", jobFields)
	j.at = make(map[string]position, len(fs)+1)
	for k, v := range fs {
		j.at[k] = position{v.Line, v.Column}
	}

	if v := fs["timezone"]; v != nil {
		if s, ok := p.str(v, name, "timezone"); ok {
			j.Timezone = s
		}
	}
	loc, err := loadLocation(j.Timezone)
	if err != nil {
		at := fs["timezone"]
		if at == nil {
			at = n
		}
		p.add(at, name, "timezone", err.Error(), tzExpect)
	}
	j.Location = loc

	if v := fs["cron"]; v == nil {
		p.add(n, name, "cron", "is missing", cronExpect)
	} else if s, ok := p.str(v, name, "cron"); ok {
		j.Cron = s
		sched, msg := parseCron(s)
		if msg != "" {
			p.add(v, name, "cron", msg, cronExpect)
		} else {
			if loc != nil {
				sched.Location = loc
			}
			j.sched = sched
		}
	}

	if v := fs["input"]; v == nil {
		p.add(n, name, "input", "is missing", "a mapping {dir, glob, pick}")
	} else {
		p.input(&j.Input, f, name, v)
	}
	if v := fs["profile"]; v != nil {
		if s, ok := p.str(v, name, "profile"); ok {
			j.Profile = s
			if strings.ContainsAny(s, `/\\`) || filepath.Ext(s) != "" { // a file, as profile.LoadWith tells them
				j.Profile = nameOrFile(f.Dir, s)
			}
		}
	}
	if v := fs["routines"]; v != nil {
		if l, ok := p.strList(v, name, "routines"); ok {
			for i := range l {
				l[i] = nameOrFile(f.Dir, l[i])
			}
			j.Routines = l
		}
	}
	for _, path := range []struct {
		field string
		dst   *string
	}{{"key_file", &j.KeyFile}, {"calendar", &j.Calendar}, {"policy", &j.Policy}} {
		field, dst := path.field, path.dst
		if v := fs[field]; v != nil {
			if s, ok := p.str(v, name, field); ok && s != "" {
				if !filepath.IsAbs(s) {
					s = filepath.Join(f.Dir, s)
				}
				*dst = filepath.Clean(s)
			}
		}
	}
	if v := fs["municipality"]; v != nil {
		if s, ok := p.str(v, name, "municipality"); ok {
			j.Municipality = s
		}
	}
	if v := fs["period"]; v != nil {
		if s, ok := p.enum(v, name, "period", periodKinds); ok {
			j.Period = s
		}
	}
	if v := fs["brytdatum_days_after_period_end"]; v != nil {
		var days int
		if err := deref(v).Decode(&days); err != nil || deref(v).Tag != "!!int" {
			p.add(v, name, "brytdatum_days_after_period_end", fmt.Sprintf("%q is not a whole number", v.Value), "a number of days from 0 to 366")
		} else if days < 0 || days > 366 {
			p.add(v, name, "brytdatum_days_after_period_end", fmt.Sprintf("%d is out of range", days), "a number of days from 0 to 366")
		} else {
			j.BrytdatumDays = days
		}
		if j.Period == CurrentMonth {
			p.add(v, name, "brytdatum_days_after_period_end", "has no effect with period current-month (the brytdatum is the run's date)", "period previous-month or previous-quarter, or no such field")
		}
	}
	var outNode *yaml.Node
	if v := fs["out"]; v == nil {
		p.add(n, name, "out", "is missing", tmplExpect)
	} else if s, ok := p.str(v, name, "out"); ok {
		outNode = v
		j.Out = s
		t, err := template.New(name).Option("missingkey=error").Parse(s)
		if err == nil {
			err = plainTemplate(t)
		}
		if err != nil {
			p.add(v, name, "out", fmt.Sprintf("%q: %s", s, templateMessage(err)), tmplExpect)
		} else {
			j.out = t
			sample, _ := Resolve(j.Period, sampleWhen, j.BrytdatumDays)
			if sample.Name == "" {
				sample.Name = "2026-10"
			}
			if _, err := j.renderOut(sample.Name); err != nil {
				p.add(v, name, "out", err.Error(), tmplExpect)
				j.out = nil
			}
		}
	}
	if v := fs["kinds"]; v != nil {
		if l, ok := p.strList(v, name, "kinds"); ok {
			if len(l) == 0 {
				p.add(v, name, "kinds", "is empty", "a list of "+orList(reportKinds))
			}
			items := deref(v).Content
			for i, k := range l {
				switch {
				case !slices.Contains(reportKinds, k):
					p.add(items[i], name, "kinds", fmt.Sprintf("unknown kind %q%s", k, suggest(k, reportKinds)), orList(reportKinds))
				case slices.Index(l, k) < i:
					p.add(items[i], name, "kinds", fmt.Sprintf("kind %q is listed twice", k), "each kind once")
				}
			}
			j.Kinds = l
		}
	}
	if v := fs["catch_up"]; v != nil {
		var b bool
		if err := deref(v).Decode(&b); err != nil {
			p.add(v, name, "catch_up", fmt.Sprintf("%q is not a boolean", v.Value), "true or false")
		} else {
			j.CatchUp = b
		}
	}
	return j, outNode
}

func (p *parser) input(in *Input, f *JobsFile, job string, n *yaml.Node) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.add(n, job, "input", "is "+describe(n), "a mapping {dir, glob, pick}")
		return
	}
	fs := p.fields(n, job, "input.", inputFields)
	if v := fs["dir"]; v == nil {
		p.add(n, job, "input.dir", "is missing", "the directory the exports land in")
	} else if s, ok := p.str(v, job, "input.dir"); ok {
		if !filepath.IsAbs(s) {
			s = filepath.Join(f.Dir, s)
		}
		in.Dir = filepath.Clean(s)
	}
	if v := fs["glob"]; v != nil {
		if s, ok := p.str(v, job, "input.glob"); ok {
			if _, err := filepath.Match(s, ""); err != nil {
				p.add(v, job, "input.glob", fmt.Sprintf("%q: %v", s, err), `a file-name pattern such as "*.csv" or "utdrag-*.xlsx"`)
			} else if strings.ContainsAny(s, `/\`) {
				p.add(v, job, "input.glob", fmt.Sprintf("%q contains a path separator", s), "a pattern for file names inside input.dir")
			} else {
				in.Glob = s
			}
		}
	}
	if v := fs["pick"]; v != nil {
		if s, ok := p.enum(v, job, "input.pick", inputPicks); ok {
			in.Pick = s
		}
	}
}

// nameOrFile resolves a routine or profile entry of a jobs file, which is the name of a
// shipped one ("paraply", "magnacura") or a file. A file is read from the jobs file's
// directory (dir), as every relative path of the file is, not from wherever the
// scheduler runs: an entry that names a regular file there, or holds a path separator,
// becomes that path; any other entry (a folder of that name included, such as a job's
// out "paraply/…") is left as it is, a shipped name.
func nameOrFile(dir, s string) string {
	if s == "" || filepath.IsAbs(s) {
		return s
	}
	local := filepath.Clean(filepath.Join(dir, s))
	if fi, err := os.Stat(local); err == nil && fi.Mode().IsRegular() || strings.ContainsAny(s, `/\`) {
		return local
	}
	return s
}

// checkOutDirs reports jobs that would write the same directory, or share the parent
// directory that holds the 'latest' link, rendering each job's template for the period
// it would produce on a sample date.
func (p *parser) checkOutDirs(f *JobsFile, outNodes map[*Job]*yaml.Node) {
	outs := map[string]*Job{}    // rendered out dir → job
	parents := map[string]*Job{} // its parent → job
	for _, j := range f.Jobs {
		if j.out == nil {
			continue
		}
		period, err := Resolve(j.Period, sampleWhen, j.BrytdatumDays)
		if err != nil {
			continue
		}
		dir, err := j.renderOut(period.Name)
		if err != nil {
			continue // reported by p.job
		}
		if other := outs[dir]; other != nil {
			p.add(outNodes[j], j.Name, "out", fmt.Sprintf("renders to %q, the same directory as job %q", dir, other.Name), "a directory of its own, e.g. with {{.Job}} in the path")
			continue
		}
		outs[dir] = j
		parent := filepath.Dir(dir)
		if other := parents[parent]; other != nil {
			p.add(outNodes[j], j.Name, "out", fmt.Sprintf("renders into %q like job %q, so both would update %s there", parent, other.Name, latestName), `a parent directory per job, such as "reports/{{.Job}}/{{.Period}}/"`)
			continue
		}
		parents[parent] = j
	}
}
