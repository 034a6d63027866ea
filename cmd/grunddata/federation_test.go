package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/vocab"
)

// tpfClient is the least a Triple Pattern Fragments client does: find the search form from a start
// page, fill in its template, and read a fragment page by page along hydra:next. It knows nothing
// of the hub beyond what the pages say.
type tpfClient struct {
	t        *testing.T
	handlers map[string]http.Handler // host -> hub
}

func (c *tpfClient) get(u string) []rdf.Quad {
	c.t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		c.t.Fatal(err)
	}
	h, ok := c.handlers[pu.Host]
	if !ok {
		c.t.Fatalf("no hub at %s", pu.Host)
	}
	req := httptest.NewRequest("GET", u, nil)
	req.Header.Set("Accept", "application/n-quads")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		c.t.Fatalf("GET %s: %d %s", u, rec.Code, rec.Body)
	}
	qs, err := rdfio.ParseQuads(bytes.NewReader(rec.Body.Bytes()), "application/n-quads", "", nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return qs
}

// template reads the search form's template and its variable for each of rdf:subject,
// rdf:predicate and rdf:object from a start page.
func (c *tpfClient) template(start string) (string, map[string]string) {
	c.t.Helper()
	qs := c.get(start)
	objects := func(s, p string) []string {
		var out []string
		for _, q := range qs {
			if q.Subj.String() == s && q.Pred.String() == p {
				out = append(out, q.Obj.String())
			}
		}
		return out
	}
	var forms []string
	for _, q := range qs {
		if q.Pred.String() == vocab.HydraSearch.String() {
			forms = append(forms, q.Obj.String())
		}
	}
	if len(forms) != 1 {
		c.t.Fatalf("%s: %d search forms", start, len(forms))
	}
	tmpl := objects(forms[0], vocab.HydraTemplate.String())
	vars := map[string]string{}
	for _, m := range objects(forms[0], vocab.HydraMapping.String()) {
		vars[objects(m, vocab.HydraProperty.String())[0]] = objects(m, vocab.HydraVariable.String())[0]
	}
	if len(tmpl) != 1 || len(vars) != 3 {
		c.t.Fatalf("%s: template %v, mappings %v", start, tmpl, vars)
	}
	return tmpl[0], vars
}

// match returns all triples of a source matching the pattern ("" is a variable).
func (c *tpfClient) match(start, s, p, o string) []rdf.Triple {
	c.t.Helper()
	tmpl, vars := c.template(start)
	// RFC 6570 form-style query expansion of "{?subject,predicate,object}".
	base, _, _ := strings.Cut(tmpl, "{?")
	var params []string
	for _, kv := range []struct{ prop, value string }{
		{vocab.RDFSubject.String(), s}, {vocab.RDFPredicate.String(), p}, {vocab.RDFObject.String(), o},
	} {
		if kv.value != "" {
			params = append(params, vars[kv.prop]+"="+strings.ReplaceAll(url.QueryEscape(kv.value), "+", "%20"))
		}
	}
	next := base
	if len(params) > 0 {
		next += "?" + strings.Join(params, "&")
	}
	var out []rdf.Triple
	for pages := 0; next != ""; pages++ {
		if pages > 1000 {
			c.t.Fatal("no end of pages")
		}
		page := next
		next = ""
		for _, q := range c.get(page) {
			switch {
			case q.Ctx == nil:
				out = append(out, q.Triple)
			case q.Subj.String() == page && q.Pred.String() == vocab.HydraNext.String():
				next = q.Obj.String()
			}
		}
	}
	return out
}

// TestFederatedQueryOverTwoHubs runs the basic graph pattern
//
//	?org a org:Organization . ?org skos:prefLabel ?name
//
// over two hubs with different base URIs, as a federated TPF engine does: the first pattern on
// every source, then the second for each binding on every source.
func TestFederatedQueryOverTwoHubs(t *testing.T) {
	client := &tpfClient{t: t, handlers: map[string]http.Handler{}}
	var sources []string
	for _, base := range []string{"http://exempelby.test/", "http://naboby.test/"} {
		cfg, err := config.Parse(exempelby.Config, "config.yaml")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Base = base
		a, err := openApp(cfg, true, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		if err := a.loadDemo(context.Background(), quiet); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(base)
		client.handlers[u.Host] = a.handler
		sources = append(sources, base+"fragments")
	}

	var names []string
	for _, src := range sources {
		for _, tr := range client.match(src, "", vocab.RDFType.String(), vocab.ORGNS+"Organization") {
			for _, src2 := range sources {
				for _, l := range client.match(src2, tr.Subj.String(), vocab.SKOSPrefLabel.String(), "") {
					names = append(names, strings.TrimSuffix(tr.Subj.String()[len("http://"):], "/")+" "+l.Obj.String())
				}
			}
		}
	}
	slices.Sort(names)
	want := []string{}
	for _, host := range []string{"exempelby.test", "naboby.test"} {
		want = append(want,
			host+"/id/organisation/2129990004 Exempelby kommun",
			host+"/id/organisation/5569990004 Exempelby Friskolor AB",
			host+"/id/organisation/8029990002 Exempelby Idrottsförening")
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("federated answers:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}

	// A literal object with a space and a non-ASCII letter survives the template expansion.
	got := client.match(sources[1], "", vocab.SKOSPrefLabel.String(), `"Exempelby Idrottsförening"`)
	if len(got) != 1 || got[0].Subj.String() != "http://naboby.test/id/organisation/8029990002" {
		t.Errorf("literal pattern: %v", got)
	}
}
