package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"7", 7 * time.Second},
		{"-3", 0},
		{"soon", 0},
		{"Mon, 23 Nov 2026 12:00:30 GMT", 30 * time.Second},
		{"Mon, 23 Nov 2026 11:00:00 GMT", 0}, // in the past
	} {
		if got := retryAfter(tc.v, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// server answers with the statuses in turn (then 200 "ok").
func server(t *testing.T, statuses []int, header http.Header) *httptest.Server {
	t.Helper()
	var mu sync.Mutex
	n := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer secret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i < len(statuses) {
			for k, v := range header {
				w.Header()[k] = v
			}
			w.WriteHeader(statuses[i])
			_, _ = w.Write([]byte("busy"))
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestGetRetries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		statuses []int
		header   http.Header
		retries  int
		wantErr  int // status of the *StatusError, 0 for success
		waits    []time.Duration
	}{
		{"success at once", nil, nil, 3, 0, nil},
		{"503 then success", []int{503}, nil, 3, 0, []time.Duration{time.Second}},
		{"429 with Retry-After", []int{429, 429}, http.Header{"Retry-After": {"5"}}, 3, 0, []time.Duration{5 * time.Second, 5 * time.Second}},
		{"Retry-After capped", []int{429}, http.Header{"Retry-After": {"3600"}}, 3, 0, []time.Duration{time.Minute}},
		{"gives up", []int{500, 502, 503, 504}, nil, 2, 503, []time.Duration{time.Second, 2 * time.Second}},
		{"404 is not retried", []int{404}, nil, 3, 404, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := server(t, tc.statuses, tc.header)
			var waits []time.Duration
			c := &Client{Token: "secret", MaxRetries: tc.retries, BaseDelay: time.Second, MaxDelay: time.Minute,
				Sleep: func(_ context.Context, d time.Duration) error {
					waits = append(waits, d.Truncate(time.Second)) // drop the jitter
					return nil
				}}
			b, _, err := c.GetBody(context.Background(), ts.URL, "")
			var se *StatusError
			switch {
			case tc.wantErr == 0 && err != nil:
				t.Fatal(err)
			case tc.wantErr == 0 && string(b) != "ok":
				t.Errorf("body %q", b)
			case tc.wantErr != 0 && (!errors.As(err, &se) || se.Status != tc.wantErr):
				t.Errorf("error %v, want status %d", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.waits, waits); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnauthorizedNamesTheURL(t *testing.T) {
	ts := server(t, nil, nil)
	c := &Client{Token: "wrong"}
	_, err := c.Get(context.Background(), ts.URL+"/persons", "")
	if !IsStatus(err, http.StatusUnauthorized) || !strings.Contains(err.Error(), "/persons: 401") {
		t.Errorf("error = %v", err)
	}
}

func TestContextEndsTheWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel() // the caller gives up while the source is unavailable
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer ts.Close()
	c := &Client{MaxRetries: 5, BaseDelay: time.Hour}
	if _, err := c.Get(ctx, ts.URL, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}
