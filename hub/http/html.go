package http

import (
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// htmlNode is one subject on a page: its properties, with nested blank nodes inline.
type htmlNode struct {
	Label string
	IRI   string
	Rows  []htmlRow
}

type htmlRow struct {
	Property string // a prefixed name where a prefix is known
	IRI      string
	Values   []htmlValue
}

type htmlValue struct {
	Text   string
	Href   string    // set for IRIs
	Note   string    // datatype or language
	Nested *htmlNode // set for blank nodes
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · grunddata</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem;margin-bottom:0}.iri{color:#555;font-family:monospace;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border-top:1px solid #ddd;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{width:28%;font-weight:600;font-family:monospace;font-size:.9em}.note{color:#777;font-size:.85em}
table table{margin:0;background:#f7f7f7}nav a{margin-right:.8rem}a{color:#0b57d0}
</style></head><body>
<nav><a href="{{.Base}}">grunddata</a><a href="{{.Base}}model/">model</a></nav>
<h1>{{.Title}}</h1>{{if .Subject}}<p class="iri">{{.Subject}}</p>{{end}}
<p>Also as {{range .Alternates}}<a href="?format={{.}}">{{.}}</a> {{end}}</p>
{{range .Nodes}}{{template "node" .}}{{end}}
</body></html>
{{define "node"}}{{if .IRI}}<h2 class="iri"><a href="{{.IRI}}">{{.Label}}</a></h2>{{end}}<table>{{range .Rows}}<tr><th title="{{.IRI}}">{{.Property}}</th><td>{{range .Values}}<div>{{if .Nested}}{{template "node" .Nested}}{{else if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{if .Note}} <span class="note">{{.Note}}</span>{{end}}</div>{{end}}</td></tr>{{end}}</table>{{end}}`))

type pageData struct {
	Title, Subject, Base string
	Alternates           []string
	Nodes                []*htmlNode
}

// writeHTML renders triples as a readable page whose links lead on: IRIs are links, blank nodes are
// shown nested under the property that holds them.
func (s *Server) writeHTML(w io.Writer, triples []rdf.Triple, view graphView) error {
	bySubject := map[string][]rdf.Triple{}
	var order []string
	for _, t := range triples {
		k := rdfio.TermString(t.Subj)
		if _, ok := bySubject[k]; !ok {
			order = append(order, k)
		}
		bySubject[k] = append(bySubject[k], t)
	}
	prefixes := vocab.Prefixes()
	var build func(k string, depth int) *htmlNode
	build = func(k string, depth int) *htmlNode {
		n := &htmlNode{}
		rows := map[string]*htmlRow{}
		for _, t := range bySubject[k] {
			p := t.Pred.String()
			row, ok := rows[p]
			if !ok {
				row = &htmlRow{Property: shorten(p, prefixes), IRI: p}
				rows[p] = row
			}
			v := htmlValue{Text: t.Obj.String()}
			switch o := t.Obj.(type) {
			case rdf.IRI:
				v.Href, v.Text = o.String(), shorten(o.String(), prefixes)
			case rdf.Literal:
				if o.Lang() != "" {
					v.Note = "@" + o.Lang()
				} else if o.DataType.String() != vocab.XSDString.String() {
					v.Note = shorten(o.DataType.String(), prefixes)
				}
			case rdf.Blank:
				if depth < 8 {
					v.Nested = build(rdfio.TermString(o), depth+1)
				}
			}
			row.Values = append(row.Values, v)
		}
		for _, r := range rows {
			n.Rows = append(n.Rows, *r)
		}
		sort.Slice(n.Rows, func(i, j int) bool { return n.Rows[i].Property < n.Rows[j].Property })
		return n
	}
	data := pageData{Title: view.title, Base: s.base, Alternates: []string{"jsonld", "ttl", "nt", "nq", "rdf"}}
	if view.subject != (rdf.IRI{}) {
		data.Subject = view.subject.String()
	}
	named := 0
	for _, k := range order {
		if !strings.HasPrefix(k, "_:") {
			named++
		}
	}
	for _, k := range order {
		if strings.HasPrefix(k, "_:") {
			continue // shown nested where referenced
		}
		n := build(k, 0)
		if named > 1 || view.subject == (rdf.IRI{}) || k != rdfio.TermString(view.subject) {
			n.IRI = strings.Trim(k, "<>")
			n.Label = label(bySubject[k], n.IRI)
		}
		data.Nodes = append(data.Nodes, n)
	}
	return pageTemplate.Execute(w, data)
}

// labelPredicates are tried in order to name a resource on a page.
var labelPredicates = []rdf.IRI{vocab.SKOSPrefLabel, vocab.FOAFName, vocab.DCTTitle, vocab.RDFSLabel, vocab.LocnFullAddress}

func label(ts []rdf.Triple, fallback string) string {
	for _, p := range labelPredicates {
		for _, t := range ts {
			if sameTerm(t.Pred, p) {
				return t.Obj.String()
			}
		}
	}
	var given, family string
	for _, t := range ts {
		switch {
		case sameTerm(t.Pred, vocab.FOAFGivenName):
			given = t.Obj.String()
		case sameTerm(t.Pred, vocab.FOAFFamilyName):
			family = t.Obj.String()
		}
	}
	if given != "" || family != "" {
		return strings.TrimSpace(given + " " + family)
	}
	return fallback
}

func shorten(iri string, prefixes map[string]string) string {
	best, bestNS := "", ""
	for p, ns := range prefixes {
		if strings.HasPrefix(iri, ns) && len(ns) > len(bestNS) {
			best, bestNS = p, ns
		}
	}
	if bestNS == "" {
		return iri
	}
	return best + ":" + iri[len(bestNS):]
}

func sameTerm(a, b rdf.Term) bool { return rdfio.Equal(a, b) }
