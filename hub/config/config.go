// Package config reads the hub's configuration: one YAML file per municipality, read once by cmd and
// passed down as a plain struct. Every municipality runs the same binary; only this file differs.
package config

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the whole configuration of one hub.
type Config struct {
	// Base is the hub's base URI, ending in "/"; resource URIs are {base}id/{class}/{key}.
	Base string `yaml:"base"`
	// Addr is the HTTP listen address (host:port).
	Addr string `yaml:"addr"`
	// Data is the directory of the embedded store.
	Data string `yaml:"data"`
	// Municipality describes who runs this hub (used in provenance, catalogues and pages).
	Municipality Municipality `yaml:"municipality"`
	// Tokens grant access to internal data.
	Tokens []Token `yaml:"tokens"`
	// Connectors are the sources this hub pulls from.
	Connectors []Connector `yaml:"connectors"`

	// Validation (hub/shacl).
	//
	// ModelExtension is a local extension schema (the shared model's YAML form) whose classes and
	// properties the hub adds to the shared model: in the context, JSON Schemas, shapes and docs.
	ModelExtension string `yaml:"modelExtension"`
	// Shapes are extra SHACL shapes files (Turtle, N-Triples, RDF/XML, JSON-LD) with local rules,
	// checked with the model's shapes on every write, by POST {base}validate and by connectors.
	Shapes []string `yaml:"shapes"`
	// Master configures golden records and matching (master.go).
	Master Master `yaml:"master"`

	// Feed configures the change feed (LDES) at {base}ldes.
	Feed Feed `yaml:"feed"`
}

// Feed configures the change feed (hub/ldes).
type Feed struct {
	// PageSize is the number of members per page; 0 = the default (250). Closed pages are cached
	// for ever, so it must not change once the feed has pages.
	PageSize int `yaml:"pageSize"`
}

// Connector configures one connector. Type picks the implementation (e.g. "paxml", "a-melding",
// "ss12000", "enhetsregisteret"); Name names its graphs, cursor and quarantine, and is what
// `grunddata sync NAME` takes. Settings are the connector's own (a file path, a URL, a token …);
// each connector package documents the ones it reads.
type Connector struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"`
	// Schedule is how often `serve` runs the connector, as a Go duration ("15m"); empty: never by
	// itself, only with `grunddata sync`.
	Schedule string            `yaml:"schedule"`
	Settings map[string]string `yaml:"settings"`
}

// Municipality names the organisation that runs the hub.
type Municipality struct {
	Name    string `yaml:"name"`
	Code    string `yaml:"code"`    // the national municipality code, e.g. "9999"
	Country string `yaml:"country"` // ISO 3166-1 alpha-2: SE, NO, DK
	// OrganisationNumber is the municipality's own organisation number.
	OrganisationNumber string `yaml:"organisationNumber"`
	// ContactEmail is where questions about the open data go: the contact point of the DCAT-AP
	// catalogue and its datasets (e.g. "opendata@exempelby.se").
	ContactEmail string `yaml:"contactEmail"`
	// Homepage is the municipality's web site; the catalogue's foaf:homepage is the hub itself.
	Homepage string `yaml:"homepage"`
	// License is the IRI of the licence of the open data, preferably from the EU licence list
	// (e.g. http://publications.europa.eu/resource/authority/licence/CC_BY_4_0, the default).
	License string `yaml:"license"`
}

// DefaultLicense is the open data's licence when the config names none: CC BY 4.0.
const DefaultLicense = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"

// Token is one bearer token. Name identifies the holder in provenance and logs; the secret never
// appears there.
type Token struct {
	Name   string `yaml:"name"`
	Secret string `yaml:"token"`
}

// Defaults returns the configuration used when no file is given.
func Defaults() Config {
	return Config{Base: "http://localhost:8080/", Addr: "localhost:8080", Data: "./data"}
}

// Load reads a YAML configuration; fields it does not set keep their defaults. Unknown fields are an
// error, so that a misspelt key does not silently fall back to a default.
func Load(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return Parse(b, path)
}

// Parse reads a YAML configuration from b; name is used in error messages.
func Parse(b []byte, name string) (Config, error) {
	c := Defaults()
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", name, err)
	}
	return c, nil
}

// TokensFromEnv parses GRUNDDATA_TOKENS: comma-separated entries, each "secret" or "name:secret".
func TokensFromEnv(v string) []Token {
	var out []Token
	for i, entry := range strings.Split(v, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		name, secret, ok := strings.Cut(entry, ":")
		if !ok {
			name, secret = fmt.Sprintf("env-token-%d", i+1), entry
		}
		out = append(out, Token{Name: name, Secret: secret})
	}
	return out
}

// Validate checks the configuration and normalises the base URI.
func (c *Config) Validate() error {
	u, err := url.Parse(c.Base)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("config: base %q must be an absolute http(s) URI", c.Base)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("config: base %q must not have a query or fragment", c.Base)
	}
	if !strings.HasSuffix(c.Base, "/") {
		c.Base += "/"
	}
	if err := c.Municipality.validate(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, t := range c.Tokens {
		if t.Name == "" {
			return fmt.Errorf("config: tokens[%d] has no name", i)
		}
		if len(t.Secret) < 16 {
			return fmt.Errorf("config: token %q is shorter than 16 characters", t.Name)
		}
		if seen[t.Name] {
			return fmt.Errorf("config: token name %q is used twice", t.Name)
		}
		seen[t.Name] = true
	}
	names := map[string]bool{}
	for i, cn := range c.Connectors {
		switch {
		case !connectorName.MatchString(cn.Name):
			return fmt.Errorf("config: connectors[%d]: name %q must be lower-case letters, digits and '-'", i, cn.Name)
		case names[cn.Name]:
			return fmt.Errorf("config: connector name %q is used twice", cn.Name)
		case cn.Type == "":
			return fmt.Errorf("config: connector %q has no type", cn.Name)
		}
		names[cn.Name] = true
		if cn.Schedule != "" {
			if d, err := time.ParseDuration(cn.Schedule); err != nil || d <= 0 {
				return fmt.Errorf("config: connector %q: schedule %q is not a positive duration such as 15m", cn.Name, cn.Schedule)
			}
		}
	}
	return c.Master.validate(names)
}

// validate checks the municipality's catalogue metadata and fills in the default licence.
func (m *Municipality) validate() error {
	if m.ContactEmail != "" && !emailPattern.MatchString(m.ContactEmail) {
		return fmt.Errorf("config: municipality.contactEmail %q is not an e-mail address", m.ContactEmail)
	}
	for _, f := range []struct{ name, value string }{{"homepage", m.Homepage}, {"license", m.License}} {
		if f.value == "" {
			continue
		}
		if u, err := url.Parse(f.value); err != nil || !u.IsAbs() || u.Host == "" {
			return fmt.Errorf("config: municipality.%s %q must be an absolute URI", f.name, f.value)
		}
	}
	if m.License == "" {
		m.License = DefaultLicense
	}
	return nil
}

var emailPattern = regexp.MustCompile(`^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$`)

var connectorName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// Authenticator checks bearer tokens. It keeps only hashes of the secrets.
type Authenticator struct {
	hashes [][sha256.Size]byte
	names  []string
}

// NewAuthenticator returns an Authenticator for the given tokens.
func NewAuthenticator(tokens []Token) *Authenticator {
	a := &Authenticator{}
	for _, t := range tokens {
		a.hashes = append(a.hashes, sha256.Sum256([]byte(t.Secret)))
		a.names = append(a.names, t.Name)
	}
	return a
}

// Lookup returns the name of the token holder, or false. It compares in constant time over all
// tokens so that timing does not tell which token was close.
func (a *Authenticator) Lookup(secret string) (string, bool) {
	h := sha256.Sum256([]byte(secret))
	found := -1
	for i := range a.hashes {
		if subtle.ConstantTimeCompare(h[:], a.hashes[i][:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return "", false
	}
	return a.names[found], true
}
