package http

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/grunddata/grunddata/hub/resource"
)

// redirectMoved answers a request for a merged-away resource with 308 Permanent Redirect to the
// survivor (the method and body are kept; the query string too, so ?format= still applies).
func (s *Server) redirectMoved(c *gin.Context, err error) bool {
	var moved *resource.MovedError
	if !errors.As(err, &moved) {
		return false
	}
	to := moved.To.String()
	if q := c.Request.URL.RawQuery; q != "" {
		to += "?" + q
	}
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusPermanentRedirect, to)
	c.Abort()
	return true
}
