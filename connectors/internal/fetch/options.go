package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Options are what the API connectors are configured with, in code or from the config's settings.
type Options struct {
	// URL is the API root.
	URL string
	// Token is the bearer token the API wants, if any.
	Token string
	// PageSize is how many records to ask for per page (0: the connector's default).
	PageSize int
	// MaxRetries is how often a request failing with 429, 5xx or a dropped connection is retried;
	// below zero: the default, 5. Retry-After is honoured.
	MaxRetries int
	// BaseDelay is the first back-off (default 500 ms); MaxDelay caps every wait (default 60 s).
	BaseDelay, MaxDelay time.Duration
	// HTTP is the client to use (default: one with the connector's timeout).
	HTTP *http.Client
	// Sleep replaces the back-off's timer (tests); nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// ParseSettings reads the settings the API connectors share:
//
//	url          the API root
//	token        the bearer token, or
//	token_env    the name of an environment variable that holds it (keeps the secret out of the file)
//	page_size    records per page
//	max_retries  retries on 429, 5xx and dropped connections
//
// Errors name the setting.
func ParseSettings(settings map[string]string) (Options, error) {
	o := Options{URL: settings["url"], Token: settings["token"], MaxRetries: -1}
	if env := settings["token_env"]; env != "" {
		if o.Token = os.Getenv(env); o.Token == "" {
			return o, fmt.Errorf("settings.token_env: environment variable %s is empty", env)
		}
	}
	for key, dst := range map[string]*int{"page_size": &o.PageSize, "max_retries": &o.MaxRetries} {
		v, ok := settings[key]
		if !ok || v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return o, fmt.Errorf("settings.%s: %q is not a whole number ≥ 0", key, v)
		}
		*dst = n
	}
	return o, nil
}

// Client checks the URL (defaultURL when empty), fills in the defaults and returns the API root
// without a trailing slash, the page size and a client.
func (o Options) Client(defaultURL string, defaultPageSize int, timeout time.Duration, userAgent string) (root string, pageSize int, c *Client, err error) {
	if o.URL == "" {
		o.URL = defaultURL
	}
	u, err := url.Parse(o.URL)
	if o.URL == "" || err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return "", 0, nil, fmt.Errorf("settings.url: %q is not an absolute http(s) URL", o.URL)
	}
	if o.PageSize <= 0 {
		o.PageSize = defaultPageSize
	}
	if o.MaxRetries < 0 {
		o.MaxRetries = 5
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = time.Minute
	}
	hc := o.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: timeout}
	}
	return strings.TrimSuffix(o.URL, "/"), o.PageSize, &Client{HTTP: hc, Token: o.Token, MaxRetries: o.MaxRetries,
		BaseDelay: o.BaseDelay, MaxDelay: o.MaxDelay, Sleep: o.Sleep, UserAgent: userAgent}, nil
}
