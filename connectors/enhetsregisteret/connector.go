package enhetsregisteret

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/grunddata/grunddata/connectors/internal/fetch"
)

// Type is the connector type name in the config.
const Type = "enhetsregisteret"

// DefaultURL is the register's open API.
const DefaultURL = "https://data.brreg.no/enhetsregisteret/api"

// Connector syncs the Enhetsregisteret into the hub.
type Connector struct {
	name     string
	root     string
	pageSize int
	client   *fetch.Client
}

// Options configure a connector made in code (New reads them from the config's settings).
type Options struct {
	// URL is the API root (default DefaultURL).
	URL string
	// PageSize is the size asked per page of the update feed (default 1000).
	PageSize int
	// MaxRetries is how often a request failing with 429, 5xx or a dropped connection is retried
	// (below zero: the default, 5).
	MaxRetries int
	// BaseDelay is the first back-off (default 500 ms); MaxDelay caps every wait (default 60 s).
	BaseDelay, MaxDelay time.Duration
	// HTTP is the client to use (default: one with a 10 minute timeout, for the bulk files).
	HTTP *http.Client
	// Sleep replaces the back-off's timer (tests); nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// New makes a connector from the config's settings:
//
//	url          the API root (default https://data.brreg.no/enhetsregisteret/api)
//	page_size    updates per page of the feed (default 1000)
//	max_retries  retries on 429, 5xx and dropped connections (default 5)
func New(name string, settings map[string]string) (*Connector, error) {
	o := Options{URL: settings["url"], MaxRetries: -1}
	for key, dst := range map[string]*int{"page_size": &o.PageSize, "max_retries": &o.MaxRetries} {
		v, ok := settings[key]
		if !ok || v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("enhetsregisteret %s: settings.%s: %q is not a whole number ≥ 0", name, key, v)
		}
		*dst = n
	}
	return NewWithOptions(name, o)
}

// NewWithOptions makes a connector from options.
func NewWithOptions(name string, o Options) (*Connector, error) {
	if o.URL == "" {
		o.URL = DefaultURL
	}
	u, err := url.Parse(o.URL)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("enhetsregisteret %s: settings.url: %q is not an absolute http(s) URL", name, o.URL)
	}
	if o.PageSize <= 0 {
		o.PageSize = 1000
	}
	if o.MaxRetries < 0 {
		o.MaxRetries = 5
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = time.Minute
	}
	hc := o.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Minute}
	}
	return &Connector{name: name, root: strings.TrimSuffix(o.URL, "/"), pageSize: o.PageSize,
		client: &fetch.Client{HTTP: hc, MaxRetries: o.MaxRetries, BaseDelay: o.BaseDelay, MaxDelay: o.MaxDelay,
			Sleep: o.Sleep, UserAgent: "grunddata-enhetsregisteret"}}, nil
}

// Name implements connectors.Connector.
func (c *Connector) Name() string { return c.name }
