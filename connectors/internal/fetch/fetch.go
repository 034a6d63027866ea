// Package fetch is the HTTP client the API connectors share: GET requests with a bearer token, retried
// with exponential back-off on 429, 5xx and dropped connections, honouring Retry-After, so that a
// source that is briefly overloaded or restarting does not fail a sync.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Client fetches from one source. The zero value is not usable; fill in the fields (HTTP may be nil).
type Client struct {
	// HTTP is the client to use; nil means http.DefaultClient.
	HTTP *http.Client
	// Token, when set, is sent as "Authorization: Bearer <token>".
	Token string
	// MaxRetries is how many times a failed request is retried (0: never).
	MaxRetries int
	// BaseDelay is the first back-off (doubled per retry, with jitter); MaxDelay caps any wait,
	// including one a Retry-After header asks for.
	BaseDelay, MaxDelay time.Duration
	// Sleep waits d or until ctx ends; nil means a timer. Tests replace it to run without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
	// UserAgent names the hub to the source.
	UserAgent string
}

// StatusError is a response the client gave up on: a status that is not retried (4xx other than
// 429) or the last of the retried ones.
type StatusError struct {
	URL    string
	Status int
	Body   string // the start of the body, for the error message
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// Response is a successful response: the body to read and close, and its headers.
type Response struct {
	Body   io.ReadCloser
	Header http.Header
}

// Get fetches url, retrying as the client is configured. On success the caller reads and closes
// Body. Errors: *StatusError for an HTTP status, the transport's error for a connection that failed
// on every attempt, or ctx's error.
func (c *Client) Get(ctx context.Context, url string, accept string) (*Response, error) {
	var last error
	for attempt := 0; ; attempt++ {
		resp, err := c.do(ctx, url, accept)
		if err == nil && resp.StatusCode < 300 {
			return &Response{Body: resp.Body, Header: resp.Header}, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var wait time.Duration
		if err != nil {
			last = fmt.Errorf("GET %s: %w", url, err)
		} else {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
			resp.Body.Close()
			last = &StatusError{URL: url, Status: resp.StatusCode, Body: string(b)}
			if !retryable(resp.StatusCode) {
				return nil, last
			}
			wait = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		if attempt >= c.MaxRetries {
			return nil, last
		}
		if wait == 0 {
			wait = c.backoff(attempt)
		}
		if err := c.sleep(ctx, c.cap(wait)); err != nil {
			return nil, err
		}
	}
}

// GetBody fetches url and reads the whole body, retrying (as Get does) when the connection drops
// while the body is read, not only before the status arrives.
func (c *Client) GetBody(ctx context.Context, url string, accept string) ([]byte, http.Header, error) {
	for attempt := 0; ; attempt++ {
		resp, err := c.Get(ctx, url, accept)
		if err != nil {
			return nil, nil, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			return b, resp.Header, nil
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if attempt >= c.MaxRetries {
			return nil, nil, fmt.Errorf("GET %s: reading the body: %w", url, err)
		}
		if err := c.sleep(ctx, c.cap(c.backoff(attempt))); err != nil {
			return nil, nil, err
		}
	}
}

func (c *Client) cap(d time.Duration) time.Duration {
	if c.MaxDelay > 0 && d > c.MaxDelay {
		return c.MaxDelay
	}
	return d
}

func (c *Client) do(ctx context.Context, url, accept string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	return hc.Do(req)
}

func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// backoff is BaseDelay·2^attempt with up to 50 % jitter, so that many clients do not retry in step.
func (c *Client) backoff(attempt int) time.Duration {
	base := c.BaseDelay
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	d := base << min(attempt, 16)
	return d + time.Duration(rand.Int64N(int64(d)/2+1))
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3); 0 when
// absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// IsStatus tells whether err is a *StatusError with the given status.
func IsStatus(err error, status int) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Status == status
}
