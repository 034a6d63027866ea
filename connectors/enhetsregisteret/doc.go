// Package enhetsregisteret is the connector for the Norwegian Register of Business Enterprises'
// open data (Enhetsregisteret, data.brreg.no): every organisation (enhet) and sub-unit (underenhet)
// with its organisation number, name, form, industry and addresses.
//
// # Reading
//
// The first sync (cursor "") streams the two bulk files (/enheter/lastned and /underenheter/lastned:
// gzipped JSON arrays of some hundred megabytes, decoded one unit at a time), calls Complete and sets
// the cursor to the time the files were made (their Last-Modified, less a minute). Later syncs read
// the update feeds (/oppdateringer/enheter and /oppdateringer/underenheter) from that time, and then
// from the highest oppdateringsid seen plus one: for Ny and Endring (and any change type added later)
// the unit is read again from /enheter/{orgnr}; Sletting and Fjernet delete it (as does a 404 or 410
// on reading it). Only the last update of a unit in a page is applied. The cursor is checkpointed
// after every page of the feed, so an interrupted sync continues after the last page applied; an
// interrupted bulk load starts again (records already stored come through unchanged and write
// nothing). Failed requests are retried with exponential back-off; Retry-After is honoured.
//
// # Mapping (source field → model)
//
//	enhet                   {base}id/organisation/{organisasjonsnummer}, org:Organization (+ cv:PublicOrganisation
//	                        for the public forms KOMM, FYLK, STAT, ORGL, SF, KF, FKF, IKS)
//	underenhet              {base}id/unit/{organisasjonsnummer}, org:OrganizationalUnit
//	organisasjonsnummer     validated (nine digits, mod 11) → dct:identifier;
//	                        adms:identifier [skos:notation; dct:conformsTo gd:NorwegianOrganisationNumber]
//	navn                    skos:prefLabel
//	organisasjonsform       org:classification <https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/{kode}>
//	                        (a skos:Concept with skos:notation and the beskrivelse as skos:prefLabel@nb)
//	naeringskode1/2/3       org:purpose <https://w3id.org/grunddata/code/naeringskode/{kode}> (SN2007; labelled likewise)
//	overordnetEnhet         underenhet: org:unitOf the enhet, which gets org:hasUnit;
//	                        enhet (a public body under another): org:subOrganizationOf
//	forretningsadresse      (enhet) / beliggenhetsadresse (underenhet) → locn:address: adresse lines →
//	                        locn:fullAddress and the first as locn:thoroughfare + locn:locatorDesignator,
//	                        postnummer → locn:postCode, poststed → locn:postName, landkode → locn:adminUnitL1,
//	                        kommune → locn:adminUnitL2, kommunenummer → dct:spatial {base}id/adminunit/{kommunenummer}
//	hjemmeside              foaf:homepage (https:// added when the register leaves out the scheme)
//	slettedato              the unit is deleted
//
// Record keys are enhet/{organisasjonsnummer} and underenhet/{organisasjonsnummer}. A unit whose
// organisation number (or overordnetEnhet) fails the mod 11 check, that has no name, or an underenhet
// without overordnetEnhet is quarantined with a reason naming the field.
//
// # Settings
//
//	url          the API root (default https://data.brreg.no/enhetsregisteret/api)
//	page_size    updates per page of the feed (default 1000)
//	max_retries  retries on 429, 5xx and dropped connections (default 5)
package enhetsregisteret
