package config

import (
	"fmt"
	"strings"
	"time"
)

// Master configures the golden records.
type Master struct {
	// Sources ranks the sources for survivorship, most trusted first: connector names, "manual"
	// (edits through the API), "demo" (the demo data) or a graph IRI. A golden record takes each
	// property from the most trusted source that has it, the most recent one among equals. Empty:
	// the default order (SourcePriority).
	Sources []string `yaml:"sources"`
	// Scan is how often `serve` matches every person (merging the certain duplicates, queueing the
	// doubtful ones for a steward), as a Go duration ("1h"); empty: only on request
	// (`grunddata steward scan`, POST {base}steward/scan).
	Scan string `yaml:"scan"`
}

// ScanInterval is Scan as a duration, 0 when unset.
func (m Master) ScanInterval() time.Duration {
	d, _ := time.ParseDuration(m.Scan)
	return d
}

// nationalRegisterTypes are the connector types that read a national register; by default they
// rank first.
var nationalRegisterTypes = map[string]bool{
	"folkbokforing": true, "navet": true, "folkeregisteret": true, "freg": true, "cpr": true,
	"enhetsregisteret": true, "bolagsverket": true, "cvr": true,
}

// SourcePriority is the survivorship order: Master.Sources when set; else the connectors that
// read national registers, then manual edits, then the other connectors in config order, then the
// demo data.
func (c Config) SourcePriority() []string {
	if len(c.Master.Sources) > 0 {
		return c.Master.Sources
	}
	var out []string
	for _, cn := range c.Connectors {
		if nationalRegisterTypes[cn.Type] {
			out = append(out, cn.Name)
		}
	}
	out = append(out, "manual")
	for _, cn := range c.Connectors {
		if !nationalRegisterTypes[cn.Type] {
			out = append(out, cn.Name)
		}
	}
	return append(out, "demo")
}

// validate checks that every ranked source is a configured connector, "manual", "demo" or a graph
// IRI, and appears once: a misspelt name would silently rank last.
func (m Master) validate(connectors map[string]bool) error {
	if m.Scan != "" {
		if d, err := time.ParseDuration(m.Scan); err != nil || d <= 0 {
			return fmt.Errorf("config: master.scan %q is not a positive duration such as 1h", m.Scan)
		}
	}
	seen := map[string]bool{}
	for i, s := range m.Sources {
		switch {
		case seen[s]:
			return fmt.Errorf("config: master.sources[%d]: %q is listed twice", i, s)
		case s == "manual" || s == "demo" || connectors[s] || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		default:
			return fmt.Errorf("config: master.sources[%d]: %q is no connector (nor manual, demo or a graph IRI)", i, s)
		}
		seen[s] = true
	}
	return nil
}
