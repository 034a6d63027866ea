// Package ss12000 is the connector for SS 12000, the Swedish standard API for exchanging school data
// (SIS TK 450, OpenAPI v2.1): it reads organisations, persons, duties and groups from a school
// platform and hands them to the hub as model data.
//
// # Reading
//
// Every list endpoint is read in pages (limit, pageToken). The first sync (cursor "") lists
// everything and then calls Complete (also when the listing took several runs, because the source
// failed in between); later syncs ask only for what changed since the last one
// (meta.modified.after) and apply the source's deletions (/deletedEntities?after=…). The time a
// sync reads from is the server's clock (its Date header) at the start of the previous sync, less
// one second, so that no change is lost to clock skew; reading a change twice writes nothing. The
// cursor is checkpointed after every page, with the page token, so a sync interrupted by the source
// (5xx, a dropped connection, a 429 that lasts) continues at the page it stopped on. Failed requests
// are retried with exponential back-off; Retry-After is honoured. Organisations are always listed in
// full (they are few), because duties and groups point at them by id.
//
// # Mapping (source field → model)
//
// Organisation, organisationType Huvudman or Bolag (formal organisations):
//
//	{base}id/organisation/{organisationNumber}  org:Organization (+ cv:PublicOrganisation when municipalityCode is set)
//	organisationNumber      dct:identifier; adms:identifier [skos:notation; dct:conformsTo gd:SwedishOrganisationNumber]
//	municipalityCode        adms:identifier [… gd:MunicipalityCode]
//
// Organisation, any other type (Förvaltning, Skola, Skolenhet, Rektorsområde …):
//
//	{base}id/unit/{schoolUnitCode | organisationCode | id}  org:OrganizationalUnit
//	schoolUnitCode          dct:identifier; adms:identifier [… gd:SwedishSchoolUnitCode]
//	parentOrganisation      org:subOrganizationOf (when the parent is a unit); org:unitOf the nearest
//	                        formal organisation above (which gets org:hasUnit)
//
// Both: displayName → skos:prefLabel; organisationType → org:classification
// <https://w3id.org/grunddata/code/ss12000/organisationType/{value}>; url → foaf:homepage; email,
// phoneNumber → cv:contactPoint; address → locn:address (streetAddress → locn:thoroughfare +
// locn:locatorDesignator, postalCode → locn:postCode, locality → locn:postName, country →
// locn:adminUnitL1; the address's municipalityCode is not linked as dct:spatial, because SS 12000
// gives no municipality name and the model's AdminUnit needs one).
//
// Person → the IRI the hub gives the person (Sink.Person by civicNo, else by the SS 12000 id):
//
//	person:Person; givenName (+ middleName) → foaf:givenName; familyName → foaf:familyName
//	civicNo                 validated (model/ident) → adms:identifier [… gd:SwedishPersonalIdentityNumber
//	                        or gd:SwedishCoordinationNumber]; birthDate, or the civicNo's date → cv:birthDate
//	securityMarking         gd:protectionLevel: Ingen → gd:Unprotected, Sekretessmarkering → gd:Confidential,
//	                        Skyddad folkbokföring → gd:ProtectedIdentity, any other value → gd:Confidential.
//	                        A marked person gets no address and no private e-mail or home phone at all.
//	addresses               the Folkbokföring address (else the first) → locn:address
//	emails, phoneNumbers    cv:contactPoint [cv:email | cv:telephone]
//
// Duty → {base}id/membership/{id}, an org:Membership: person → org:member; dutyAt → org:organization;
// dutyRole → org:role {base}id/roletype/{key} (Lärare → teacher, Rektor → principal … ; a value not in
// the standard gets "ss12000-" + its spelling, and every role type is handed over as a record of its
// own: org:Role, skos:Concept, skos:prefLabel the Swedish value); dutyPercent →
// gd:employmentPercentage; startDate/endDate → org:memberDuring [dcat:startDate; dcat:endDate].
//
// Group (Klass, Undervisning, Mentor …) → {base}id/unit/{id}, an org:OrganizationalUnit of the unit that
// owns it (org:subOrganizationOf) and of its huvudman (org:unitOf), classified by groupType
// (<https://w3id.org/grunddata/code/ss12000/groupType/{value}>), because W3C ORG has no class for a
// group of people: a class is a unit its pupils are members of. Each groupMembership →
// {base}id/membership/{id}, an org:Membership of that unit with its period (the group's when the
// membership has none).
//
// Record keys are organisation/{id}, person/{id}, duty/{id}, group/{id} and roletype/{key}.
// Records the connector cannot take (a civicNo that fails its check digit, a reference to an
// organisation the source does not list, a missing required field, bad dates, a dutyPercent outside
// 0–100) are quarantined with a reason that names the field; a duty or group whose person was
// quarantined in the same run is quarantined too, rather than creating a person the hub cannot
// identify. Reasons never repeat a national identity number.
//
// # Settings
//
//	url          the API root (required), e.g. https://skolplattform.example/ss12000/v2
//	token        the bearer token, or token_env: the environment variable that holds it
//	page_size    records per page (default 500)
//	max_retries  retries on 429, 5xx and dropped connections (default 5)
package ss12000
