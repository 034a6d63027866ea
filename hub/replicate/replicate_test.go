package replicate_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/replicate"
	"github.com/grunddata/grunddata/hub/store"
)

// fakeLDES is a third-party style event stream: a root that links only to the first page, pages
// chained by tree:GreaterThanOrEqualToRelation alone, its own timestamp and version paths, members
// sharing a timestamp across a page boundary, and a server that fails now and then.
type fakeLDES struct {
	mu       sync.Mutex
	pages    [][]string // member Turtle per page
	fail     map[string]int
	requests map[string]int
	notMod   int
}

const prefixes = `@prefix ldes: <https://w3id.org/ldes#> . @prefix tree: <https://w3id.org/tree#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> . @prefix as: <https://www.w3.org/ns/activitystreams#> .
`

func (f *fakeLDES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests[r.URL.Path]++
	if f.fail[r.URL.Path] > 0 {
		f.fail[r.URL.Path]--
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	base := "http://" + r.Host
	var b strings.Builder
	b.WriteString(prefixes)
	switch {
	case r.URL.Path == "/feed":
		fmt.Fprintf(&b, `<%[1]s/feed#s> a ldes:EventStream ; ldes:timestampPath dct:created ; ldes:versionOfPath dct:isVersionOf ;
		  ldes:versionDeletePath dct:type ; ldes:versionDeleteObject ex:Gone ; tree:view <%[1]s/feed> .
		<%[1]s/feed> tree:relation [ a tree:GreaterThanOrEqualToRelation ; tree:node <%[1]s/p/0> ; tree:path dct:created ; tree:value "2020-01-01T00:00:00Z"^^xsd:dateTime ] .
		`, base)
	case strings.HasPrefix(r.URL.Path, "/p/"):
		var k int
		fmt.Sscanf(r.URL.Path, "/p/%d", &k)
		if k >= len(f.pages) {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"p%d-%d"`, k, len(f.pages[k]))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			f.notMod++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		for _, m := range f.pages[k] {
			fmt.Fprintf(&b, "<%s/feed#s> tree:member %s\n", base, m)
		}
		if k+1 < len(f.pages) {
			fmt.Fprintf(&b, `<%[1]s/p/%[2]d> tree:relation [ a tree:GreaterThanOrEqualToRelation ; tree:node <%[1]s/p/%[3]d> ; tree:path dct:created ; tree:value "2020-01-01T00:00:00Z"^^xsd:dateTime ] .
			`, base, k, k+1)
		}
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/turtle")
	io.WriteString(w, b.String())
}

func version(v, of, at, rest string) string {
	return fmt.Sprintf(`<http://example.org/v/%s> .
	<http://example.org/v/%[1]s> dct:isVersionOf <http://example.org/id/%s> ; dct:created "%s"^^xsd:dateTime %s .
	`, v, of, at, rest)
}

func newStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// graph returns the replica's graph as sorted N-Triples lines with blank nodes shown as _:.
func graph(t *testing.T, st *store.Store, g rdf.IRI) []string {
	t.Helper()
	var out []string
	st.Match(context.Background(), store.Pattern{G: g}, func(q rdf.Quad) error {
		line := rdfio.TripleString(q.Triple)
		if _, ok := q.Subj.(rdf.Blank); ok {
			line = "_:" + line[strings.Index(line, " "):]
		}
		if _, ok := q.Obj.(rdf.Blank); ok {
			line = line[:strings.LastIndex(line[:len(line)-2], " ")] + " _: ."
		}
		out = append(out, line)
		return nil
	})
	sort.Strings(out)
	return out
}

func TestFollowsAThirdPartyStream(t *testing.T) {
	f := &fakeLDES{fail: map[string]int{"/p/1": 2}, requests: map[string]int{}}
	f.pages = [][]string{
		{
			version("1", "a", "2024-01-01T10:00:00Z", `; ex:name "A" ; ex:address [ ex:street "Storgatan 1" ]`),
			version("2", "b", "2024-01-01T10:00:01", `; ex:name "B"`), // no time zone: UTC
			version("3", "c", "2024-01-01T10:00:02Z", `; ex:name "C"`),
		},
		{
			// Same timestamp as member 3, on the next page.
			version("4", "d", "2024-01-01T10:00:02Z", `; ex:name "D"`),
			version("5", "a", "2024-01-01T10:00:03Z", `; ex:name "A2" ; ex:address [ ex:street "Storgatan 2" ]`),
		},
	}
	srv := httptest.NewServer(f)
	defer srv.Close()
	st := newStore(t)
	ctx := context.Background()
	newRep := func() *replicate.Replicator {
		r, err := replicate.New(replicate.Config{Store: st, Base: "http://hub.test/", Peer: srv.URL + "/feed",
			MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := newRep()
	host := strings.TrimPrefix(srv.URL, "http://")
	if got, want := r.Graph().String(), "http://hub.test/graph/peer/"+host+"/feed"; got != want {
		t.Errorf("graph %s, want %s", got, want)
	}
	stats, err := r.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Members != 5 || stats.Pages != 2 || f.requests["/p/1"] != 3 {
		t.Errorf("first run: %+v, page 1 asked %d times (two 503s, then 200)", stats, f.requests["/p/1"])
	}
	want := []string{
		`<http://example.org/id/a> <http://example.org/address> _: .`,
		`<http://example.org/id/a> <http://example.org/name> "A2" .`,
		`<http://example.org/id/b> <http://example.org/name> "B" .`,
		`<http://example.org/id/c> <http://example.org/name> "C" .`,
		`<http://example.org/id/d> <http://example.org/name> "D" .`,
		`_: <http://example.org/street> "Storgatan 2" .`,
	}
	if got := graph(t, st, r.Graph()); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("replica:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Nothing new: the pages read before answer 304.
	if stats, err := r.Once(ctx); err != nil || stats.Members != 0 || f.notMod != 2 {
		t.Errorf("second run: %+v %v, %d answers 304", stats, err, f.notMod)
	}

	// A restart (a new Replicator, no ETags in memory) and new members, one at the last timestamp
	// applied, and a deletion: only the new members are applied.
	f.mu.Lock()
	f.pages[1] = append(f.pages[1],
		version("6", "e", "2024-01-01T10:00:03Z", `; ex:name "E"`),
		version("7", "b", "2024-01-01T10:00:04Z", `; dct:type ex:Gone`))
	f.mu.Unlock()
	r = newRep()
	stats, err = r.Once(ctx)
	if err != nil || stats.Members != 2 || stats.Deleted != 1 {
		t.Fatalf("after a restart: %+v %v", stats, err)
	}
	got := strings.Join(graph(t, st, r.Graph()), "\n")
	if strings.Contains(got, "id/b>") || !strings.Contains(got, `"E"`) || !strings.Contains(got, `"A2"`) {
		t.Errorf("replica after a deletion:\n%s", got)
	}
	if at, _ := r.Position(ctx); !at.Equal(time.Date(2024, 1, 1, 10, 0, 4, 0, time.UTC)) {
		t.Errorf("position %s", at)
	}
}

func TestBadPeers(t *testing.T) {
	st := newStore(t)
	for _, peer := range []string{"", "ftp://x/", "not a uri", "http://hub.test/"} {
		if _, err := replicate.New(replicate.Config{Store: st, Base: "http://hub.test/", Peer: peer}); err == nil {
			t.Errorf("peer %q accepted", peer)
		}
	}
	// A document that is no event stream, and a server that keeps failing, are errors that say so.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down/ldes" {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "text/turtle")
		io.WriteString(w, "<http://x/a> <http://x/b> <http://x/c> .")
	}))
	defer srv.Close()
	for path, want := range map[string]string{"/up/": "no ldes:EventStream", "/down/": "502"} {
		r, err := replicate.New(replicate.Config{Store: st, Base: "http://hub.test/", Peer: srv.URL + path, Retries: 2, MinBackoff: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Once(context.Background()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", path, err, want)
		}
	}
}
