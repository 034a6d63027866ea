package enhetsregisteret

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/grunddata/grunddata/connectors"
	"github.com/grunddata/grunddata/connectors/internal/fetch"
)

// kind is one of the register's two lists.
type kind struct {
	path   string // enheter, underenheter
	prefix string // record key prefix: enhet/, underenhet/
	embed  string // the HAL list of its update feed
	sub    bool
}

var kinds = []kind{
	{"enheter", "enhet/", "oppdaterteEnheter", false},
	{"underenheter", "underenhet/", "oppdaterteUnderenheter", true},
}

// cursor is, per kind, where its update feed continues: the next oppdateringsid to read, or, right
// after a bulk load, the time the bulk file was made (the feed is read from then, inclusive).
type cursor map[string]position

type position struct {
	next int64
	from time.Time
}

func parseCursor(s string) (cursor, error) {
	c := cursor{}
	if s == "" {
		return c, nil
	}
	v, err := url.ParseQuery(s)
	if err != nil {
		return nil, fmt.Errorf("enhetsregisteret: cursor %q: %w", s, err)
	}
	for _, k := range kinds {
		var p position
		if x := v.Get(k.path); x != "" {
			if p.next, err = strconv.ParseInt(x, 10, 64); err != nil {
				return nil, fmt.Errorf("enhetsregisteret: cursor %q: %s: %w", s, k.path, err)
			}
		}
		if x := v.Get(k.path + ".dato"); x != "" {
			if p.from, err = time.Parse(time.RFC3339, x); err != nil {
				return nil, fmt.Errorf("enhetsregisteret: cursor %q: %s.dato: %w", s, k.path, err)
			}
		}
		if p.next == 0 && p.from.IsZero() {
			return nil, fmt.Errorf("enhetsregisteret: cursor %q: no position for %s", s, k.path)
		}
		c[k.path] = p
	}
	return c, nil
}

func (c cursor) String() string {
	v := url.Values{}
	for _, k := range kinds {
		p := c[k.path]
		if p.next > 0 {
			v.Set(k.path, strconv.FormatInt(p.next, 10))
		} else {
			v.Set(k.path+".dato", p.from.UTC().Format(time.RFC3339))
		}
	}
	return v.Encode()
}

// bulkMargin is how far before a bulk file's time its feed is read from, for a file made while the
// register was changing.
const bulkMargin = time.Minute

// Sync implements connectors.Connector. From cursor "" it loads the bulk files (every enhet and
// underenhet), calls Complete and sets the cursor to the files' time; from then on it reads the
// update feeds. An interrupted bulk load starts again (records already stored come through
// unchanged); an interrupted feed continues after the last update applied.
func (c *Connector) Sync(ctx context.Context, cursorStr string, sink connectors.Sink) error {
	cur, err := parseCursor(cursorStr)
	if err != nil {
		return err
	}
	if cursorStr == "" {
		return c.bulk(ctx, sink)
	}
	done := 0
	for _, k := range kinds {
		if err := c.feed(ctx, sink, k, cur, &done); err != nil {
			return err
		}
	}
	return nil
}

func (c *Connector) bulk(ctx context.Context, sink connectors.Sink) error {
	cur := cursor{}
	done := 0
	for _, k := range kinds {
		from, err := c.bulkFile(ctx, sink, k, &done)
		if err != nil {
			return err
		}
		cur[k.path] = position{from: from.Add(-bulkMargin)}
	}
	if err := sink.Complete(ctx); err != nil {
		return err
	}
	return sink.Checkpoint(ctx, cur.String())
}

// bulkFile streams one bulk file, handing over each unit, and returns the time the file was made.
func (c *Connector) bulkFile(ctx context.Context, sink connectors.Sink, k kind, done *int) (time.Time, error) {
	u := c.root + "/" + k.path + "/lastned"
	resp, err := c.client.Get(ctx, u, "application/vnd.brreg.enhetsregisteret."+k.prefix[:len(k.prefix)-1]+".v2+gzip;charset=UTF-8")
	if err != nil {
		return time.Time{}, fmt.Errorf("enhetsregisteret %s: %w", c.name, err)
	}
	defer resp.Body.Close()
	made := time.Now()
	for _, h := range []string{"Last-Modified", "Date"} {
		if t, err := http.ParseTime(resp.Header.Get(h)); err == nil {
			made = t
			break
		}
	}
	body, err := gunzip(resp.Body)
	if err != nil {
		return time.Time{}, fmt.Errorf("enhetsregisteret %s: %s: %w", c.name, u, err)
	}
	dec := json.NewDecoder(body)
	if t, err := dec.Token(); err != nil {
		return time.Time{}, fmt.Errorf("enhetsregisteret %s: %s: %w", c.name, u, err)
	} else if t != json.Delim('[') {
		return time.Time{}, fmt.Errorf("enhetsregisteret %s: %s: not a JSON array of units (starts with %v)", c.name, u, t)
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return time.Time{}, fmt.Errorf("enhetsregisteret %s: %s: after %d units: %w", c.name, u, *done, err)
		}
		if err := c.hand(ctx, sink, k, raw, time.Time{}); err != nil {
			return time.Time{}, err
		}
		*done++
		if *done%1000 == 0 {
			sink.Progress(*done, -1)
		}
	}
	sink.Progress(*done, -1)
	return made, nil
}

// gunzip reads a gzip stream, or the body as it is when it is not gzipped (a proxy may have
// decompressed it).
func gunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

// hand maps one unit and hands it over, or quarantines it; modified is when the register changed it,
// if known.
func (c *Connector) hand(ctx context.Context, sink connectors.Sink, k kind, raw json.RawMessage, modified time.Time) error {
	var u unit
	if err := json.Unmarshal(raw, &u); err != nil {
		h := sha256.Sum256(raw)
		return sink.Quarantine(ctx, k.prefix+"unreadable-"+hex.EncodeToString(h[:6]), raw, "not an Enhetsregisteret unit: "+err.Error())
	}
	key := k.prefix + u.Organisasjonsnummer
	if u.Slettedato != "" {
		return sink.Delete(ctx, key)
	}
	ts, err := mapUnit(sink.Base(), u, k.sub)
	if err != nil {
		var me *mapError
		if errors.As(err, &me) {
			return sink.Quarantine(ctx, key, raw, me.msg)
		}
		return err
	}
	return sink.Upsert(ctx, connectors.Record{Key: key, Triples: ts, Modified: modified})
}

type update struct {
	ID           int64  `json:"oppdateringsid"`
	Dato         string `json:"dato"`
	OrgNr        string `json:"organisasjonsnummer"`
	Endringstype string `json:"endringstype"`
}

// feed applies the updates of one kind after its cursor position, a page at a time, checkpointing
// after each page.
func (c *Connector) feed(ctx context.Context, sink connectors.Sink, k kind, cur cursor, done *int) error {
	for {
		p := cur[k.path]
		q := url.Values{"size": {strconv.Itoa(c.pageSize)}, "page": {"0"}}
		if p.next > 0 {
			q.Set("oppdateringsid", strconv.FormatInt(p.next, 10))
		} else {
			q.Set("dato", p.from.UTC().Format(time.RFC3339))
		}
		u := c.root + "/oppdateringer/" + k.path + "?" + q.Encode()
		b, _, err := c.client.GetBody(ctx, u, "application/json")
		if err != nil {
			return fmt.Errorf("enhetsregisteret %s: %w", c.name, err)
		}
		var pg struct {
			Embedded map[string][]update `json:"_embedded"`
		}
		if err := json.Unmarshal(b, &pg); err != nil {
			return fmt.Errorf("enhetsregisteret %s: %s: %w", c.name, u, err)
		}
		ups := pg.Embedded[k.embed]
		if len(ups) == 0 {
			return nil
		}
		// Only the last update of a unit in the page matters: fetch each unit once, in the order
		// of its last update.
		last := map[string]int{}
		for i, up := range ups {
			last[up.OrgNr] = i
		}
		next := p.next
		for i, up := range ups {
			next = max(next, up.ID+1)
			if last[up.OrgNr] != i {
				continue
			}
			if err := c.apply(ctx, sink, k, up); err != nil {
				return err
			}
			*done++
		}
		sink.Progress(*done, -1)
		if next == p.next {
			return fmt.Errorf("enhetsregisteret %s: %s: the feed does not move past oppdateringsid %d", c.name, u, next)
		}
		cur[k.path] = position{next: next}
		if err := sink.Checkpoint(ctx, cur.String()); err != nil {
			return err
		}
	}
}

// apply brings one unit up to date: deleted for Sletting and Fjernet, otherwise read again.
func (c *Connector) apply(ctx context.Context, sink connectors.Sink, k kind, up update) error {
	key := k.prefix + up.OrgNr
	switch up.Endringstype {
	case "Sletting", "Fjernet":
		return sink.Delete(ctx, key)
	}
	// Ny, Endring and any type added later: the unit as it is now.
	u := c.root + "/" + k.path + "/" + url.PathEscape(up.OrgNr)
	b, _, err := c.client.GetBody(ctx, u, "application/json")
	switch {
	case fetch.IsStatus(err, http.StatusGone) || fetch.IsStatus(err, http.StatusNotFound):
		return sink.Delete(ctx, key) // gone again since the update
	case err != nil:
		return fmt.Errorf("enhetsregisteret %s: %w", c.name, err)
	}
	modified, _ := time.Parse(time.RFC3339Nano, up.Dato) // zero when the feed leaves it out
	return c.hand(ctx, sink, k, b, modified)
}

var _ connectors.Connector = (*Connector)(nil)
