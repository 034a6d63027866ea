package ss12000

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/grunddata/grunddata/connectors/internal/fetch"
)

// Type is the connector type name in the config.
const Type = "ss12000"

// Connector syncs one SS 12000 API into the hub.
type Connector struct {
	name     string
	root     string // the API root, without a trailing slash
	pageSize int
	client   *fetch.Client
	now      func() time.Time
}

// Options configure a connector made in code (New reads them from the config's settings).
type Options struct {
	// URL is the API root, such as https://skolplattform.example/ss12000/v2.
	URL string
	// Token is the bearer token the API wants.
	Token string
	// PageSize is the limit asked per page (default 500).
	PageSize int
	// MaxRetries is how often a request failing with 429, 5xx or a dropped connection is retried
	// (default 5); Retry-After is honoured.
	MaxRetries int
	// BaseDelay is the first back-off (default 500 ms); MaxDelay caps every wait (default 60 s).
	BaseDelay, MaxDelay time.Duration
	// HTTP is the client to use (default: one with a 60 s timeout).
	HTTP *http.Client
	// Sleep replaces the back-off's timer (tests); nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// New makes a connector from the config's settings:
//
//	url          the API root (required), e.g. https://skolplattform.example/ss12000/v2
//	token        the bearer token, or
//	token_env    the name of an environment variable that holds it (keeps the secret out of the file)
//	page_size    records per page (default 500)
//	max_retries  retries on 429, 5xx and dropped connections (default 5)
func New(name string, settings map[string]string) (*Connector, error) {
	o := Options{URL: settings["url"], Token: settings["token"]}
	if env := settings["token_env"]; env != "" {
		o.Token = os.Getenv(env)
		if o.Token == "" {
			return nil, fmt.Errorf("ss12000 %s: settings.token_env: environment variable %s is empty", name, env)
		}
	}
	var err error
	if o.PageSize, err = intSetting(settings, "page_size"); err != nil {
		return nil, fmt.Errorf("ss12000 %s: %w", name, err)
	}
	if o.MaxRetries, err = intSetting(settings, "max_retries"); err != nil {
		return nil, fmt.Errorf("ss12000 %s: %w", name, err)
	}
	if _, ok := settings["max_retries"]; !ok {
		o.MaxRetries = -1 // the default
	}
	return NewWithOptions(name, o)
}

func intSetting(settings map[string]string, key string) (int, error) {
	v, ok := settings[key]
	if !ok || v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("settings.%s: %q is not a whole number ≥ 0", key, v)
	}
	return n, nil
}

// NewWithOptions makes a connector from options. A MaxRetries below zero means the default.
func NewWithOptions(name string, o Options) (*Connector, error) {
	u, err := url.Parse(o.URL)
	if o.URL == "" || err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("ss12000 %s: settings.url: %q is not an absolute http(s) URL", name, o.URL)
	}
	if o.PageSize <= 0 {
		o.PageSize = 500
	}
	if o.MaxRetries < 0 {
		o.MaxRetries = 5
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = time.Minute
	}
	hc := o.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	c := &fetch.Client{HTTP: hc, Token: o.Token, MaxRetries: o.MaxRetries, BaseDelay: o.BaseDelay,
		MaxDelay: o.MaxDelay, UserAgent: "grunddata-ss12000", Sleep: o.Sleep}
	return &Connector{name: name, root: strings.TrimSuffix(o.URL, "/"), pageSize: o.PageSize, client: c, now: time.Now}, nil
}

// Name implements connectors.Connector.
func (c *Connector) Name() string { return c.name }
