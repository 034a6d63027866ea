package http

import (
	"context"
	"net/http"
	"regexp"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/grunddata/grunddata/hub"
	hubsync "github.com/grunddata/grunddata/hub/sync"
)

// Quarantine lists the records connectors could not take (hub/sync).
type Quarantine interface {
	Quarantined(ctx context.Context, connector string) ([]hubsync.Entry, error)
}

// quarantined is one entry as served: the raw record stays inside the hub (it may hold a national
// identity number or a protected address), only its key, reason and time are shown.
type quarantined struct {
	Connector string    `json:"connector"`
	Key       string    `json:"key"`
	Reason    string    `json:"reason"`
	Time      time.Time `json:"time"`
	Size      int       `json:"rawBytes"`
}

var connectorNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// registerQuarantine adds GET {base}quarantine[?connector=NAME], for token holders only.
func (s *Server) registerQuarantine(g *gin.RouterGroup) {
	g.GET("/quarantine", func(c *gin.Context) {
		if callerOf(c).Name == "" {
			s.writeError(c, hub.Errorf(hub.EUnauthorized, "the quarantine is not open: send a bearer token"))
			return
		}
		name := c.Query("connector")
		if name != "" && !connectorNamePattern.MatchString(name) {
			s.writeError(c, &hub.Error{Code: hub.EInvalid, Message: "connector must be a connector name from the config",
				Fields: []hub.FieldError{{Pointer: "/connector", Detail: "not a connector name: " + name}}})
			return
		}
		entries, err := s.Quarantine.Quarantined(c.Request.Context(), name)
		if err != nil {
			s.writeError(c, err)
			return
		}
		out := make([]quarantined, len(entries))
		for i, e := range entries {
			out[i] = quarantined{Connector: e.Connector, Key: e.Key, Reason: e.Reason, Time: e.Time, Size: len(e.Raw)}
		}
		c.Header("Cache-Control", "private, no-store")
		c.Render(http.StatusOK, jsonRender{contentType: "application/json", value: map[string]any{"total": len(out), "items": out}})
	})
}
