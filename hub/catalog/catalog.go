// Package catalog describes the hub's open data for harvesters: a DCAT-AP 3 catalogue with one
// dataset per open area of the model, full dumps of each area (N-Quads, Turtle, JSON-LD), the
// change feed (LDES) and the Triple Pattern Fragments endpoint as data services, and a VoID
// description with counts. What is open comes from hub/opendata; this package only describes and
// streams it. It knows nothing of HTTP: hub/http serves what it builds.
package catalog

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/config"
	"github.com/grunddata/grunddata/hub/opendata"
	"github.com/grunddata/grunddata/hub/store"
	"github.com/grunddata/grunddata/model"
)

// Store is what the catalogue reads of the quad store: the change log, for counts that are fresh
// and for the datasets' issued and modified times.
type Store interface {
	LastSeq(ctx context.Context) (uint64, error)
	Changes(ctx context.Context, after uint64, fn func(store.Change) error) error
}

// Config is what a Catalog is built from.
type Config struct {
	Base         string // the hub's base URI, ending in "/"
	Municipality config.Municipality
	Source       *opendata.Source
	Store        Store
	// JSONLD compacts a resource's description for the JSON-LD dumps (hub/jsonld).
	JSONLD Compacter
}

// Compacter writes one resource's triples as compacted JSON-LD against the hub's context.
type Compacter interface {
	Compact(triples []rdf.Triple) ([]byte, error)
	ContextURL() string
}

// Catalog builds the catalogue, the VoID description and the dumps.
type Catalog struct {
	base   string
	muni   config.Municipality
	source *opendata.Source
	store  Store
	jsonld Compacter
	areas  []area
	areaOf map[string]string // class name -> area name

	mu       sync.Mutex // guards what follows
	stats    *Stats
	roots    map[string]rootStat  // open resource IRI -> its class and open triples; nil until counted
	scanned  uint64               // change log read up to here
	issued   map[string]time.Time // area -> first change
	modified map[string]time.Time // area -> last change
}

// area is an Area with its model classes resolved.
type area struct {
	Area
	classes []*model.Class
}

// New returns a Catalog. It fails when an area names a class the model does not have as an open
// class with URIs of its own, or when an open class belongs to no area: either would publish a
// catalogue that does not match the data.
func New(c Config) (*Catalog, error) {
	cat := &Catalog{
		base: c.Base, muni: c.Municipality, source: c.Source, store: c.Store, jsonld: c.JSONLD,
		areaOf: map[string]string{}, issued: map[string]time.Time{}, modified: map[string]time.Time{},
	}
	if cat.muni.License == "" {
		cat.muni.License = config.DefaultLicense
	}
	open := map[string]*model.Class{}
	for _, cl := range c.Source.Classes() {
		open[cl.Name] = cl
	}
	for _, a := range Areas() {
		ra := area{Area: a}
		for _, name := range a.Classes {
			cl, ok := open[name]
			if !ok {
				return nil, fmt.Errorf("catalog: area %s names %s, which is not an open class of the model", a.Name, name)
			}
			if prev, dup := cat.areaOf[name]; dup {
				return nil, fmt.Errorf("catalog: class %s is in areas %s and %s", name, prev, a.Name)
			}
			cat.areaOf[name] = a.Name
			ra.classes = append(ra.classes, cl)
		}
		cat.areas = append(cat.areas, ra)
	}
	var missing []string
	for name := range open {
		if cat.areaOf[name] == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("catalog: open classes %s belong to no area", strings.Join(missing, ", "))
	}
	return cat, nil
}

// Version returns the store's last change sequence: a dump's bytes depend only on it.
func (c *Catalog) Version(ctx context.Context) (uint64, error) { return c.store.LastSeq(ctx) }

// Dump names one downloadable dump: an area or "all", in one format.
type Dump struct {
	Area   string // an area name or AllAreas
	Format DumpFormat
}

// AllAreas is the dump name of all open data of the hub.
const AllAreas = "all"

// DumpFormat is one syntax dumps are written in.
type DumpFormat struct {
	Extension string // "nq", "ttl", "jsonld"
	MediaType string
	Title     string
}

// DumpFormats are the syntaxes of the dumps, in the order the catalogue lists them.
func DumpFormats() []DumpFormat {
	return []DumpFormat{
		{Extension: "nq", MediaType: "application/n-quads", Title: "N-Quads"},
		{Extension: "ttl", MediaType: "text/turtle", Title: "Turtle"},
		{Extension: "jsonld", MediaType: "application/ld+json", Title: "JSON-LD"},
	}
}

// ParseDump reads a dump file name such as "organisation.nq". ok is false for anything else.
func ParseDump(file string) (d Dump, ok bool) {
	name, ext, found := strings.Cut(file, ".")
	if !found {
		return Dump{}, false
	}
	if _, isArea := AreaByName(name); !isArea && name != AllAreas {
		return Dump{}, false
	}
	for _, f := range DumpFormats() {
		if f.Extension == ext {
			return Dump{Area: name, Format: f}, true
		}
	}
	return Dump{}, false
}

// URL is where the dump is served.
func (c *Catalog) URL(d Dump) string { return c.base + "dumps/" + d.Area + "." + d.Format.Extension }

// Addresses of what the catalogue describes.
func (c *Catalog) catalogIRI() string            { return c.base + "catalog" }
func (c *Catalog) datasetIRI(area string) string { return c.base + "catalog#dataset-" + area }
func (c *Catalog) distIRI(d Dump) string {
	return c.base + "catalog#dataset-" + d.Area + "-" + d.Format.Extension
}
func (c *Catalog) ldesIRI() string      { return c.base + "catalog#ldes" }
func (c *Catalog) fragmentsIRI() string { return c.base + "catalog#fragments" }
func (c *Catalog) contactIRI() string   { return c.base + "catalog#contact" }

// VoIDIRI is the void:Dataset of all of the hub's open data.
func (c *Catalog) VoIDIRI() string { return c.base + "void#opendata" }

// publisherIRI is the municipality's own organisation in the hub when its number is configured.
func (c *Catalog) publisherIRI() string {
	if c.muni.OrganisationNumber != "" {
		return c.base + "id/organisation/" + c.muni.OrganisationNumber
	}
	return c.base + "catalog#publisher"
}

// spatialIRI is the municipality as an administrative unit in the hub, "" when no code is set.
func (c *Catalog) spatialIRI() string {
	if c.muni.Code == "" {
		return ""
	}
	return c.base + "id/adminunit/" + c.muni.Code
}
