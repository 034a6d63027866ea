package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub"
	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/replicate"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/vocab"
)

// liveHub is a hub served over real HTTP on a loopback port, with its base URI naming that port.
type liveHub struct {
	a    *app
	base string
	srv  *httptest.Server
}

// startHub opens a hub (in memory when dir is "", else on disk in dir) and serves it on ln.
func startHub(t *testing.T, ln net.Listener, dir string, pageSize int, demo bool) *liveHub {
	t.Helper()
	cfg, err := config.Parse(exempelby.Config, "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Base = "http://" + ln.Addr().String() + "/"
	cfg.Feed.PageSize = pageSize
	if dir != "" {
		cfg.Data = dir
	}
	a, err := openApp(cfg, dir == "", quiet)
	if err != nil {
		t.Fatal(err)
	}
	if demo {
		if err := a.loadDemo(context.Background(), quiet); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewUnstartedServer(a.handler)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	h := &liveHub{a: a, base: cfg.Base, srv: srv}
	t.Cleanup(h.stop)
	return h
}

func (h *liveHub) stop() {
	if h.srv != nil {
		h.srv.Close()
		h.a.Close()
		h.srv = nil
	}
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func (h *liveHub) do(t *testing.T, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, h.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/ld+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return resp.StatusCode
}

// openTriples is everything the hub publishes as open data: the open description of each of its
// open resources.
func openTriples(t *testing.T, a *app) []rdf.Triple {
	t.Helper()
	var out []rdf.Triple
	err := a.opendata.Each(context.Background(), a.opendata.Classes(), func(_ rdf.IRI, ts []rdf.Triple) error {
		out = append(out, ts...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// graphTriples is what a graph of the hub's store holds.
func graphTriples(t *testing.T, a *app, g rdf.IRI) []rdf.Triple {
	t.Helper()
	var out []rdf.Triple
	if err := a.store.Match(context.Background(), store.Pattern{G: g}, func(q rdf.Quad) error {
		out = append(out, q.Triple)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// stopAfter is a transport that cancels a run once it has asked for n pages: a replica stopped
// mid-stream.
type stopAfter struct {
	n      int32
	seen   atomic.Int32
	cancel context.CancelFunc
}

func (s *stopAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.Contains(req.URL.Path, "/ldes/page/") && s.seen.Add(1) > s.n {
		s.cancel()
		return nil, context.Canceled
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestReplicationConverges(t *testing.T) {
	ctx := context.Background()
	first := startHub(t, listen(t), "", 4, true)
	dir := t.TempDir()
	lnB := listen(t)
	addrB := lnB.Addr().String()
	second := startHub(t, lnB, dir, 4, false)

	check := func(when string, rep *replicate.Replicator) {
		t.Helper()
		want, got := openTriples(t, first.a), graphTriples(t, second.a, rep.Graph())
		if len(want) == 0 {
			t.Fatal("the first hub has no open data")
		}
		if d := rdfio.Diff(want, got); d != "" {
			t.Fatalf("%s: the replica differs from the first hub's open data (-want +got):\n%s", when, d)
		}
	}

	// Stopped mid-stream: the run is cancelled when it asks for a fourth page (pages are fetched one
	// ahead), and the hub shut down.
	runCtx, cancel := context.WithCancel(ctx)
	stopper := &stopAfter{n: 3, cancel: cancel}
	rep, err := replicate.New(replicate.Config{Store: second.a.store, Base: second.base, Peer: first.base,
		Client: &http.Client{Transport: stopper}, Retries: 1})
	if err != nil {
		t.Fatal(err)
	}
	st, err := rep.Once(runCtx)
	if err == nil {
		t.Fatal("the interrupted run reported success")
	}
	applied := st.Members
	partial := len(graphTriples(t, second.a, rep.Graph()))
	if partial == 0 || partial >= len(openTriples(t, first.a)) {
		t.Fatalf("stopped after a few of many pages, the replica holds %d triples", partial)
	}
	second.stop()

	// Restarted on the same store: it resumes and ends with exactly the first hub's open data.
	second = startHub(t, listenOn(t, addrB), dir, 4, false)
	rep, err = second.a.replicator(first.base, quiet, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err = rep.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Every member exactly once over the two runs: no gap, no duplicate.
	if total := feedMembers(t, first.a); applied+st.Members != total {
		t.Errorf("members applied: %d before the stop + %d after = %d, the feed has %d", applied, st.Members, applied+st.Members, total)
	}
	// Pages wholly before the saved position are not fetched again: all those applied but the last
	// (whose tree:LessThanRelation bound lies past its last member).
	if want := max(applied/4-1, 0); st.Skipped != want || st.Members == 0 {
		t.Errorf("resumed run after %d members: %+v; want %d pages skipped", applied, st, want)
	}
	check("after a restart", rep)

	// Nothing new: the root answers 304 and nothing is applied.
	if st, err := rep.Once(ctx); err != nil || st.Members != 0 || st.NotModified != 1 {
		t.Errorf("a run with nothing new: %+v %v", st, err)
	}

	// Create, update and delete open data on the first hub.
	before := feedMembers(t, first.a)
	first.do(t, "PUT", "id/organisation/5569990012", `{"type":["Organisation"],"identifier":"5569990012","name":"Exempelby Bygg AB"}`)
	first.do(t, "PUT", "id/organisation/5569990012", `{"type":["Organisation"],"identifier":"5569990012","name":"Exempelby Bygg och Anläggning AB"}`)
	first.do(t, "DELETE", "id/organisation/8029990002", "")
	st, err = rep.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Deleted != 1 || st.Members != feedMembers(t, first.a)-before {
		t.Errorf("run after create, update, delete: %+v", st)
	}
	check("after create, update and delete", rep)
	got := graphTriples(t, second.a, rep.Graph())
	var nt strings.Builder
	_ = rdfio.WriteNTriples(&nt, got)
	if strings.Contains(nt.String(), "8029990002") || !strings.Contains(nt.String(), "Exempelby Bygg och Anläggning AB") {
		t.Errorf("the replica keeps the deleted organisation or lacks the update")
	}
	if !strings.Contains(nt.String(), first.base+"id/organisation/") {
		t.Errorf("the replica does not keep the peer's URIs")
	}

	// The replica is served: its graph IRI dereferences to the peer's data and where it came from.
	req, _ := http.NewRequest("GET", rep.Graph().String(), nil)
	req.Header.Set("Accept", "application/n-triples")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	served, err := rdfio.ParseTriples(strings.NewReader(string(body)), "application/n-triples", "")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", rep.Graph(), resp.StatusCode, err)
	}
	var origin []rdf.Triple
	for _, tr := range served {
		if tr.Subj == rdf.Subject(rep.Graph()) {
			origin = append(origin, tr)
		}
	}
	if len(origin) != 1 || origin[0].Pred != rdf.Predicate(vocab.ProvWasDerivedFrom) || origin[0].Obj.String() != first.base+"ldes#stream" ||
		len(served) != len(got)+1 {
		t.Errorf("GET %s: %d triples (the graph has %d), origin %v", rep.Graph(), len(served), len(got), origin)
	}

	// The replica is not re-published: the second hub's own feed has no members.
	resp, err = http.Get(second.base + "ldes/page/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("the second hub's feed has a page 1 (%d): replicated data is re-published", resp.StatusCode)
	}
	for _, path := range []string{"dumps/all.nq", "fragments?predicate=" + url.QueryEscape(vocab.RDFType.String())} {
		resp, err := http.Get(second.base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || strings.Contains(string(body), first.base+"id/") {
			t.Errorf("GET %s on the second hub: %d, re-publishes the first hub's data: %v", path, resp.StatusCode, strings.Contains(string(body), first.base+"id/"))
		}
	}
}

// feedMembers counts the members of a hub's change feed, page by page.
func feedMembers(t *testing.T, a *app) int {
	t.Helper()
	n := 0
	for k := uint64(1); ; k++ {
		d, err := a.ldes.Page(context.Background(), k)
		if hub.ErrorCode(err) == hub.ENotFound {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range d.Triples {
			if tr.Pred == rdf.Predicate(vocab.TreeMember) {
				n++
			}
		}
	}
}

// listenOn listens on addr again (the restarted hub keeps its base URI).
func listenOn(t *testing.T, addr string) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// TestReplicateCommand runs `grunddata replicate --from` twice against a live hub: the first run
// copies the open data, the second finds nothing new; the store then holds the peer graph.
func TestReplicateCommand(t *testing.T) {
	first := startHub(t, listen(t), "", 0, true)
	data := t.TempDir()
	args := []string{"replicate", "--from", strings.TrimSuffix(first.base, "/"), "--data", data, "--base", "http://naboby.test/"}
	out, errOut, err := runCLI(t, args...)
	if err != nil || !strings.Contains(out, "17 members (0 deletions) from 1 pages") {
		t.Fatalf("first run: %v\n%s\n%s", err, out, errOut)
	}
	out, errOut, err = runCLI(t, args...)
	if err != nil || !strings.Contains(out, ": 0 members") {
		t.Fatalf("second run: %v\n%s\n%s", err, out, errOut)
	}
	if _, _, err := runCLI(t, "replicate", "--data", data); err == nil {
		t.Error("replicate without --from succeeded")
	}
	out, _, err = runCLI(t, "export", "--data", data)
	if err != nil || !strings.Contains(out, "<http://naboby.test/graph/peer/"+strings.TrimSuffix(strings.TrimPrefix(first.base, "http://"), "/")+"> .") {
		t.Errorf("export of the replica: %v\n%.500s", err, out)
	}
}
