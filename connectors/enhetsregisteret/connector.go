package enhetsregisteret

import (
	"fmt"
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

// Options configure a connector made in code: URL (default DefaultURL), PageSize of the update feed
// (default 1000), MaxRetries (below zero: 5), BaseDelay, MaxDelay, HTTP (default: a 10 minute
// timeout, for the bulk files) and Sleep. The register needs no Token.
type Options = fetch.Options

// New makes a connector from the config's settings:
//
//	url          the API root (default https://data.brreg.no/enhetsregisteret/api)
//	page_size    updates per page of the feed (default 1000)
//	max_retries  retries on 429, 5xx and dropped connections (default 5)
func New(name string, settings map[string]string) (*Connector, error) {
	o, err := fetch.ParseSettings(settings)
	if err != nil {
		return nil, fmt.Errorf("enhetsregisteret %s: %w", name, err)
	}
	return NewWithOptions(name, o)
}

// NewWithOptions makes a connector from options.
func NewWithOptions(name string, o Options) (*Connector, error) {
	root, pageSize, client, err := o.Client(DefaultURL, 1000, 10*time.Minute, "grunddata-enhetsregisteret")
	if err != nil {
		return nil, fmt.Errorf("enhetsregisteret %s: %w", name, err)
	}
	return &Connector{name: name, root: root, pageSize: pageSize, client: client}, nil
}

// Name implements connectors.Connector.
func (c *Connector) Name() string { return c.name }
