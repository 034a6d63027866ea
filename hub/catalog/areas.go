package catalog

import (
	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/vocab"
)

// Area is one open area of the information model, published as one dcat:Dataset with its own
// dumps. Person is not among them: person data is internal. Role contributes its open part (posts
// and role types); memberships are personal data and stay internal.
type Area struct {
	// Name is the area's key in URLs: {base}dumps/{name}.nq and the dataset {base}catalog#dataset-{name}.
	Name        string
	Title       string // English; the municipality's name is appended
	Description string
	// Classes are the names of the model's classes whose resources make up the area.
	Classes  []string
	Themes   []rdf.IRI // EU data themes
	Keywords []string
}

// Areas returns the open areas, in a fixed order.
func Areas() []Area {
	return []Area{
		{
			Name:  "organisation",
			Title: "Organisations and organisational units",
			Description: "The municipality's organisation and the organisations it knows (W3C ORG, SEMIC Core " +
				"Public Organisation): names, organisation numbers, forms, sub-units such as schools and " +
				"departments, addresses and contact points.",
			Classes:  []string{"Organisation", "Unit"},
			Themes:   []rdf.IRI{vocab.EUThemeGovernment},
			Keywords: []string{"organisation", "organisational unit", "public organisation"},
		},
		{
			Name:  "geography",
			Title: "Administrative units and addresses",
			Description: "The municipality and the county it belongs to as administrative units with their " +
				"official codes, and the addresses with identifiers of their own (SEMIC Core Location).",
			Classes:  []string{"AdminUnit", "Address"},
			Themes:   []rdf.IRI{vocab.EUThemeRegions},
			Keywords: []string{"municipality", "address", "administrative unit"},
		},
		{
			Name:  "service",
			Title: "Public services",
			Description: "The public services the municipality provides (CPSV-AP): descriptions, competent " +
				"authorities, channels, costs and thematic classifications.",
			Classes:  []string{"Service"},
			Themes:   []rdf.IRI{vocab.EUThemeGovernment, vocab.EUThemeSociety},
			Keywords: []string{"public service", "CPSV-AP"},
		},
		{
			Name:  "role",
			Title: "Posts and role types",
			Description: "The posts in the municipality's organisation and the kinds of role they are " +
				"(W3C ORG). Who holds a post is personal data and not part of this dataset.",
			Classes:  []string{"Post", "RoleType"},
			Themes:   []rdf.IRI{vocab.EUThemeGovernment},
			Keywords: []string{"post", "role"},
		},
	}
}

// AreaByName returns the area with the given name.
func AreaByName(name string) (Area, bool) {
	for _, a := range Areas() {
		if a.Name == name {
			return a, true
		}
	}
	return Area{}, false
}
