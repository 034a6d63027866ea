package demosources

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Brreg is a demo of the Norwegian Enhetsregisteret's open API (data.brreg.no/enhetsregisteret/api):
// the bulk files /enheter/lastned and /underenheter/lastned (gzipped JSON arrays), one unit at
// /enheter/{orgnr} and /underenheter/{orgnr} (410 Gone once removed), and the update feeds
// /oppdateringer/enheter and /oppdateringer/underenheter (HAL, filtered by oppdateringsid or dato,
// paged with page and size). Put and Remove change a unit and add an update to its feed.
type Brreg struct {
	clock func() time.Time

	mu       sync.Mutex
	kinds    map[string]*brregKind // "enheter", "underenheter"
	nextID   int64
	faults   faults
	requests int
}

type brregKind struct {
	units   map[string]json.RawMessage
	gone    map[string]bool
	updates []brregUpdate
}

type brregUpdate struct {
	ID     int64
	Dato   time.Time
	OrgNr  string
	Change string // Ny, Endring, Sletting, Fjernet
}

// BrregDataset is what a Brreg demo holds: the units as the bulk files have them.
type BrregDataset struct {
	Enheter, Underenheter []json.RawMessage
}

// NewBrreg serves ds; every unit in it gets a "Ny" update dated at start (the feed's history).
func NewBrreg(ds *BrregDataset, start time.Time, clock func() time.Time) (*Brreg, error) {
	if clock == nil {
		clock = time.Now
	}
	b := &Brreg{clock: clock, kinds: map[string]*brregKind{}, nextID: 1000}
	for kind, list := range map[string][]json.RawMessage{"enheter": ds.Enheter, "underenheter": ds.Underenheter} {
		k := &brregKind{units: map[string]json.RawMessage{}, gone: map[string]bool{}}
		b.kinds[kind] = k
		for i, raw := range list {
			var x struct {
				Nr string `json:"organisasjonsnummer"`
			}
			if err := json.Unmarshal(raw, &x); err != nil || x.Nr == "" {
				return nil, fmt.Errorf("demosources: %s[%d]: no organisasjonsnummer", kind, i)
			}
			k.units[x.Nr] = raw
		}
	}
	for _, kind := range []string{"enheter", "underenheter"} {
		k := b.kinds[kind]
		nrs := make([]string, 0, len(k.units))
		for nr := range k.units {
			nrs = append(nrs, nr)
		}
		slices.Sort(nrs)
		for _, nr := range nrs {
			b.nextID++
			k.updates = append(k.updates, brregUpdate{ID: b.nextID, Dato: start.UTC(), OrgNr: nr, Change: "Ny"})
		}
	}
	return b, nil
}

// Put adds or replaces a unit of kind ("enheter" or "underenheter") and adds a Ny or Endring update.
func (b *Brreg) Put(kind string, unit map[string]any) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	k, ok := b.kinds[kind]
	if !ok {
		return fmt.Errorf("demosources: no Enhetsregisteret kind %q", kind)
	}
	nr, _ := unit["organisasjonsnummer"].(string)
	if nr == "" {
		return fmt.Errorf("demosources: unit without organisasjonsnummer")
	}
	raw, err := json.Marshal(unit)
	if err != nil {
		return err
	}
	change := "Endring"
	if _, ok := k.units[nr]; !ok {
		change = "Ny"
	}
	k.units[nr] = raw
	delete(k.gone, nr)
	b.nextID++
	k.updates = append(k.updates, brregUpdate{ID: b.nextID, Dato: b.clock().UTC(), OrgNr: nr, Change: change})
	return nil
}

// Get returns a unit as a map, for a test to change and Put back.
func (b *Brreg) Get(kind, nr string) (map[string]any, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k, ok := b.kinds[kind]
	if !ok || k.units[nr] == nil {
		return nil, false
	}
	var m map[string]any
	return m, json.Unmarshal(k.units[nr], &m) == nil
}

// Remove deletes a unit with the change type Sletting (deleted from the register) or Fjernet
// (removed from the open data).
func (b *Brreg) Remove(kind, nr, change string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	k, ok := b.kinds[kind]
	if !ok || k.units[nr] == nil {
		return false
	}
	delete(k.units, nr)
	k.gone[nr] = true
	b.nextID++
	k.updates = append(k.updates, brregUpdate{ID: b.nextID, Dato: b.clock().UTC(), OrgNr: nr, Change: change})
	return true
}

// Fail makes requests fail, as SS12000.Fail does.
func (b *Brreg) Fail(skip, n, status int, retryAfter string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.faults.set(skip, n, status, retryAfter)
}

// Requests is how many requests the server has answered.
func (b *Brreg) Requests() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.requests
}

// ServeHTTP serves the API; mount it under the API root (e.g. /enhetsregisteret/api/).
func (b *Brreg) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.requests++
	w.Header().Set("Date", b.clock().UTC().Format(http.TimeFormat))
	if r.Method != http.MethodGet {
		brregError(w, r, http.StatusMethodNotAllowed, "only GET is served")
		return
	}
	if f, ok := b.faults.next(); ok {
		f.apply(w)
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 2 && parts[1] == "lastned" && b.kinds[parts[0]] != nil:
		b.bulk(w, parts[0])
	case len(parts) == 2 && parts[0] == "oppdateringer" && b.kinds[parts[1]] != nil:
		b.feed(w, r, parts[1])
	case len(parts) == 2 && b.kinds[parts[0]] != nil:
		k := b.kinds[parts[0]]
		switch {
		case k.units[parts[1]] != nil:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(k.units[parts[1]])
		case k.gone[parts[1]]:
			brregError(w, r, http.StatusGone, "enheten er slettet eller fjernet")
		default:
			brregError(w, r, http.StatusNotFound, "fant ikke "+parts[1])
		}
	default:
		brregError(w, r, http.StatusNotFound, "no such resource")
	}
}

// bulk writes the gzipped JSON array of every current unit of kind, in organisation number order.
func (b *Brreg) bulk(w http.ResponseWriter, kind string) {
	k := b.kinds[kind]
	nrs := make([]string, 0, len(k.units))
	for nr := range k.units {
		nrs = append(nrs, nr)
	}
	slices.Sort(nrs)
	w.Header().Set("Content-Type", "application/vnd.brreg.enhetsregisteret."+strings.TrimSuffix(kind, "er")+".v2+gzip;charset=UTF-8")
	w.Header().Set("Last-Modified", b.clock().UTC().Format(http.TimeFormat))
	gz := gzip.NewWriter(w)
	_, _ = gz.Write([]byte("["))
	for i, nr := range nrs {
		if i > 0 {
			_, _ = gz.Write([]byte(",\n"))
		}
		_, _ = gz.Write(k.units[nr])
	}
	_, _ = gz.Write([]byte("]\n"))
	_ = gz.Close()
}

// feed serves /oppdateringer/{kind}: updates from oppdateringsid (inclusive) or dato (inclusive),
// page (from 0) of size (default 20).
func (b *Brreg) feed(w http.ResponseWriter, r *http.Request, kind string) {
	q := r.URL.Query()
	var fromID int64
	var fromDate time.Time
	var err error
	if v := q.Get("oppdateringsid"); v != "" {
		if fromID, err = strconv.ParseInt(v, 10, 64); err != nil {
			brregError(w, r, http.StatusBadRequest, "oppdateringsid må være et heltall")
			return
		}
	}
	if v := q.Get("dato"); v != "" {
		if fromDate, err = time.Parse(time.RFC3339Nano, v); err != nil {
			brregError(w, r, http.StatusBadRequest, "dato må være ISO-8601 dato-tid")
			return
		}
	}
	size, pageNo := 20, 0
	if v := q.Get("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 10000 {
			brregError(w, r, http.StatusBadRequest, "size må være 1–10000")
			return
		}
	}
	if v := q.Get("page"); v != "" {
		if pageNo, err = strconv.Atoi(v); err != nil || pageNo < 0 {
			brregError(w, r, http.StatusBadRequest, "page må være ≥ 0")
			return
		}
	}
	k := b.kinds[kind]
	var match []brregUpdate
	for _, u := range k.updates {
		if u.ID >= fromID && !u.Dato.Before(fromDate) {
			match = append(match, u)
		}
	}
	single := strings.TrimSuffix(kind, "er") // enhet, underenhet
	embedKey := "oppdaterte" + strings.ToUpper(kind[:1]) + kind[1:]
	var items []map[string]any
	for i := pageNo * size; i < len(match) && i < (pageNo+1)*size; i++ {
		u := match[i]
		items = append(items, map[string]any{
			"oppdateringsid": u.ID, "dato": u.Dato.Format(time.RFC3339Nano), "organisasjonsnummer": u.OrgNr,
			"endringstype": u.Change,
			"_links":       map[string]any{single: map[string]string{"href": "/" + kind + "/" + u.OrgNr}},
		})
	}
	out := map[string]any{
		"_links": map[string]any{"self": map[string]string{"href": r.URL.RequestURI()}},
		"page": map[string]int{"size": size, "totalElements": len(match),
			"totalPages": (len(match) + size - 1) / size, "number": pageNo},
	}
	if len(items) > 0 {
		out["_embedded"] = map[string]any{embedKey: items}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func brregError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"timestamp": time.Now().UTC().Format(time.RFC3339),
		"status": status, "error": http.StatusText(status), "message": msg, "path": r.URL.Path})
}
