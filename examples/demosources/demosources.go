// Package demosources runs small, offline stand-ins for the source systems of the Exempelby demo:
// an SS 12000 school-data API (paging, meta.modified.after, /deletedEntities, bearer token) and the
// Norwegian Enhetsregisteret (bulk files and update feed). `grunddata demo-sources` serves them on
// their own; `grunddata serve --demo` starts them in-process so that the demo's connectors sync
// everything without a network. The tests of the connectors run against the same servers, which can
// also inject failures (5xx, 429 with Retry-After, dropped connections).
package demosources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"time"

	"github.com/grunddata/grunddata/examples/exempelby"
)

// Token is the bearer token the demo SS 12000 API accepts.
const Token = "exempelby-ss12000-demo-token"

// The paths the APIs are served under.
const (
	SS12000Path = "/ss12000/v2"
	BrregPath   = "/enhetsregisteret/api"
)

// Sources are the demo sources behind one handler.
type Sources struct {
	SS12000 *SS12000
	Brreg   *Brreg
}

// Exempelby loads the Exempelby datasets into new demo sources on the clock (nil: time.Now).
func Exempelby(clock func() time.Time) (*Sources, error) {
	b, err := fs.ReadFile(exempelby.APISources, "sources/ss12000/exempelby.json")
	if err != nil {
		return nil, err
	}
	ds, err := ParseSS12000(b)
	if err != nil {
		return nil, err
	}
	ss, err := NewSS12000(ds, Token, clock)
	if err != nil {
		return nil, err
	}
	var bd BrregDataset
	for name, dst := range map[string]*[]json.RawMessage{"enheter": &bd.Enheter, "underenheter": &bd.Underenheter} {
		b, err := fs.ReadFile(exempelby.APISources, "sources/enhetsregisteret/"+name+".json")
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, dst); err != nil {
			return nil, fmt.Errorf("demosources: enhetsregisteret/%s.json: %w", name, err)
		}
	}
	br, err := NewBrreg(&bd, time.Date(2026, 1, 10, 6, 0, 0, 0, time.UTC), clock)
	if err != nil {
		return nil, err
	}
	return &Sources{SS12000: ss, Brreg: br}, nil
}

// Handler serves both APIs: SS 12000 under SS12000Path, Enhetsregisteret under BrregPath.
func (s *Sources) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(SS12000Path+"/", http.StripPrefix(SS12000Path, s.SS12000))
	mux.Handle(BrregPath+"/", http.StripPrefix(BrregPath, s.Brreg))
	return mux
}

// Settings are the connector settings that point at sources served at root (e.g.
// "http://127.0.0.1:8091"), by connector type.
func Settings(root string) map[string]map[string]string {
	return map[string]map[string]string{
		"ss12000":          {"url": root + SS12000Path, "token": Token},
		"enhetsregisteret": {"url": root + BrregPath},
	}
}

// Server is the demo sources listening on an address.
type Server struct {
	// URL is the root the APIs are under, e.g. http://127.0.0.1:8091.
	URL string
	srv *http.Server
	ln  net.Listener
}

// Listen starts serving s on addr ("127.0.0.1:0" picks a free port) until Close.
func Listen(s *Sources, addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demosources: %w", err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &Server{URL: "http://" + ln.Addr().String(), srv: srv, ln: ln}, nil
}

// Close stops the server, letting requests under way finish for up to five seconds.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
