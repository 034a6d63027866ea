package http

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/grunddata/grunddata/hub"
)

// statusOf is the one table from the hub's error codes to HTTP status codes.
var statusOf = map[string]int{
	hub.EInvalid:       http.StatusBadRequest,
	hub.EUnprocessable: http.StatusUnprocessableEntity,
	hub.ENotFound:      http.StatusNotFound,
	hub.EConflict:      http.StatusConflict,
	hub.EUnauthorized:  http.StatusUnauthorized,
	hub.EForbidden:     http.StatusForbidden,
	hub.ENotAcceptable: http.StatusNotAcceptable,
	hub.EUnsupported:   http.StatusUnsupportedMediaType,
	hub.ETooLarge:      http.StatusRequestEntityTooLarge,
	hub.EInternal:      http.StatusInternalServerError,
}

// problemTypeBase prefixes the problem type URIs; each code has its own, documented in the README.
const problemTypeBase = "https://w3id.org/grunddata/problems/"

// Problem is an RFC 9457 problem details object. Errors lists the offending fields of a submitted
// document by JSON Pointer (the "errors" extension member of RFC 9457's examples).
type Problem struct {
	Type     string           `json:"type"`
	Title    string           `json:"title"`
	Status   int              `json:"status"`
	Detail   string           `json:"detail,omitempty"`
	Instance string           `json:"instance,omitempty"`
	Errors   []hub.FieldError `json:"errors,omitempty"`
	Report   any              `json:"report,omitempty"` // a SHACL validation report, as JSON-LD
}

// writeError renders err as problem+json. Internal errors are logged with their detail and shown to
// the client only as "internal error", so nothing stored (a protected address, an identity number)
// can leak through an error message.
func (s *Server) writeError(c *gin.Context, err error) {
	if s.redirectMoved(c, err) {
		return
	}
	code := hub.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status, code = http.StatusInternalServerError, hub.EInternal
	}
	p := Problem{
		Type:     problemTypeBase + code,
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   hub.ErrorMessage(err),
		Instance: c.Request.URL.Path,
	}
	var he *hub.Error
	if errors.As(err, &he) {
		p.Errors = he.Fields
		p.Report = he.Report
	}
	if status >= 500 {
		s.log.Error("request failed", slog.String("path", c.Request.URL.Path), slog.Any("err", err))
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="grunddata"`)
	}
	c.Header("Cache-Control", "no-store")
	c.Render(status, jsonRender{contentType: "application/problem+json", value: p})
	c.Abort()
}
