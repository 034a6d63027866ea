package demosources

import (
	"net/http"
)

// faults is a queue of injected failures: skip good requests, then n failing ones.
type faults struct {
	skip, n    int
	status     int
	retryAfter string
}

func (f *faults) set(skip, n, status int, retryAfter string) {
	*f = faults{skip: skip, n: n, status: status, retryAfter: retryAfter}
}

// next reports whether this request is to fail, and how.
func (f *faults) next() (fault, bool) {
	if f.n == 0 {
		return fault{}, false
	}
	if f.skip > 0 {
		f.skip--
		return fault{}, false
	}
	f.n--
	return fault{status: f.status, retryAfter: f.retryAfter}, true
}

type fault struct {
	status     int
	retryAfter string
}

// apply fails the request: with an error status, or, for status 0, by sending the start of a
// body and dropping the connection.
func (f fault) apply(w http.ResponseWriter) {
	if f.status == 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"data":[{"id":"`))
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	}
	if f.retryAfter != "" {
		w.Header().Set("Retry-After", f.retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status)
	_, _ = w.Write([]byte(`{"code":"Unavailable","message":"injected failure"}`))
}
