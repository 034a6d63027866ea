package ss12000

import (
	"fmt"
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

// Options configure a connector made in code: URL (required), Token, PageSize (default 500),
// MaxRetries (below zero: 5), BaseDelay, MaxDelay, HTTP (default: a 60 s timeout) and Sleep.
type Options = fetch.Options

// New makes a connector from the config's settings:
//
//	url          the API root (required), e.g. https://skolplattform.example/ss12000/v2
//	token        the bearer token, or
//	token_env    the name of an environment variable that holds it (keeps the secret out of the file)
//	page_size    records per page (default 500)
//	max_retries  retries on 429, 5xx and dropped connections (default 5)
func New(name string, settings map[string]string) (*Connector, error) {
	o, err := fetch.ParseSettings(settings)
	if err != nil {
		return nil, fmt.Errorf("ss12000 %s: %w", name, err)
	}
	return NewWithOptions(name, o)
}

// NewWithOptions makes a connector from options.
func NewWithOptions(name string, o Options) (*Connector, error) {
	root, pageSize, client, err := o.Client("", 500, time.Minute, "grunddata-ss12000")
	if err != nil {
		return nil, fmt.Errorf("ss12000 %s: %w", name, err)
	}
	return &Connector{name: name, root: root, pageSize: pageSize, client: client, now: time.Now}, nil
}

// Name implements connectors.Connector.
func (c *Connector) Name() string { return c.name }
