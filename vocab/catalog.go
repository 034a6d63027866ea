package vocab

// Terms and controlled vocabularies of the DCAT-AP catalogue, VoID and Triple Pattern Fragments
// that terms.go does not already name. The EU vocabularies (EU Vocabularies / Publications Office
// named authority lists) are what DCAT-AP 3 asks for themes, file types, licences, languages and
// access rights.

// Namespaces of the EU named authority lists and the ADMS publisher types.
const (
	EUDataThemeNS     = "http://publications.europa.eu/resource/authority/data-theme/"
	EUFileTypeNS      = "http://publications.europa.eu/resource/authority/file-type/"
	EULicenceNS       = "http://publications.europa.eu/resource/authority/licence/"
	EULanguageNS      = "http://publications.europa.eu/resource/authority/language/"
	EUAccessRightNS   = "http://publications.europa.eu/resource/authority/access-right/"
	EUFrequencyNS     = "http://publications.europa.eu/resource/authority/frequency/"
	ADMSPublisherType = "http://purl.org/adms/publishertype/"
	ADMSLicenceType   = "http://purl.org/adms/licencetype/"
	IANAMediaTypeNS   = "https://www.iana.org/assignments/media-types/"
)

// The EU data-theme concept scheme, DCAT-AP's mandatory theme taxonomy, and the themes the hub's
// datasets use.
var (
	EUDataThemeScheme = iri("http://publications.europa.eu/resource/authority/data-theme")
	EUThemeGovernment = iri(EUDataThemeNS + "GOVE") // Government and public sector
	EUThemeRegions    = iri(EUDataThemeNS + "REGI") // Regions and cities
	EUThemeSociety    = iri(EUDataThemeNS + "SOCI") // Population and society
	EUThemeEconomy    = iri(EUDataThemeNS + "ECON") // Economy and finance
)

// File types (dct:format of distributions), access rights and frequency.
var (
	EUFileTypeNQuads   = iri(EUFileTypeNS + "RDF_N_QUADS")
	EUFileTypeTurtle   = iri(EUFileTypeNS + "RDF_TURTLE")
	EUFileTypeJSONLD   = iri(EUFileTypeNS + "JSON_LD")
	EUFileTypeRDFXML   = iri(EUFileTypeNS + "RDF_XML")
	EUFileTypeTriG     = iri(EUFileTypeNS + "RDF_TRIG")
	EUAccessPublic     = iri(EUAccessRightNS + "PUBLIC")
	EUFrequencyUpdCont = iri(EUFrequencyNS + "UPDATE_CONT") // continuously updated
	EULicenceCCBY40    = iri(EULicenceNS + "CC_BY_4_0")
	// ADMSLocalAuthority is the ADMS publisher type of a municipality.
	ADMSLocalAuthority = iri(ADMSPublisherType + "LocalAuthority")
)

// DCAT, DCT, FOAF and vCard terms the catalogue needs besides those in terms.go.
var (
	DCTAccrualPeriodicity = iri(DCTNS + "accrualPeriodicity")
	DCATHadRole           = iri(DCATNS + "hadRole")
	FOAFPrimaryTopic      = iri(FOAFNS + "primaryTopic")
	VCardOrganization     = iri(VCardNS + "Organization")
	VCardKind             = iri(VCardNS + "Kind")
	VCardHasURL           = iri(VCardNS + "hasURL")
	DCATAPApplicableLeg   = iri("http://data.europa.eu/r5r/applicableLegislation")
	DCATAPAvailability    = iri("http://data.europa.eu/r5r/availability")
	// EUAvailabilityStable is the EU planned-availability concept for data meant to stay available.
	EUAvailabilityStable = iri("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
)

// RDF reification terms, which Triple Pattern Fragments uses as the hydra:property of its three
// search mappings, and Hydra terms for the fragments' controls.
var (
	RDFSubject                  = iri(RDFNS + "subject")
	RDFPredicate                = iri(RDFNS + "predicate")
	RDFObject                   = iri(RDFNS + "object")
	HydraVariableRepresentation = iri(HydraNS + "variableRepresentation")
	HydraExplicitRepresentation = iri(HydraNS + "ExplicitRepresentation")
	HydraItemsPerPage           = iri(HydraNS + "itemsPerPage")
)

// DCAT 3 terms for distributions served through a data service, and the formats VoID names with
// void:feature.
var (
	DCATAccessService = iri(DCATNS + "accessService")
	FormatNQuads      = iri("http://www.w3.org/ns/formats/N-Quads")
	FormatTurtle      = iri("http://www.w3.org/ns/formats/Turtle")
	FormatJSONLD      = iri("http://www.w3.org/ns/formats/JSON-LD")
	FormatTriG        = iri("http://www.w3.org/ns/formats/TriG")
)
