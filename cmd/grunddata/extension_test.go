package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grunddata/grunddata/examples/exempelby"
	"github.com/grunddata/grunddata/hub/config"
)

const extensionFile = "../../examples/exempelby/model-extension.yaml"

// TestModelExtension runs a hub whose config names Exempelby's example extension: the new class
// is served (context, shapes, JSON Schema, docs), writable through the API, checked on write, and
// known to `validate` and `model check`.
func TestModelExtension(t *testing.T) {
	cfg, err := config.Parse(exempelby.Config, "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Base = testBase
	cfg.ModelExtension = extensionFile
	a, err := openApp(cfg, true, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })

	for path, want := range map[string]string{
		"context.jsonld":                             `"ParkingPermit": "exby:ParkingPermit"`,
		"model/shapes/parkingpermit.ttl":             "sh:targetClass exby:ParkingPermit",
		"model/jsonschema/parkingpermit.schema.json": `"permitHolder"`,
		"model/shapes.ttl":                           "gdsh:ParkingPermit",
	} {
		r := do(t, a, "GET", path, "", nil, "")
		if r.status != 200 || !strings.Contains(string(r.body), want) {
			t.Errorf("GET %s = %d, want it to contain %s", path, r.status, want)
		}
	}
	jsonLD := map[string]string{"Content-Type": "application/ld+json"}
	good := `{"identifier":"P123456","permitHolder":"` + testBase + `id/person/10000004","parkingZone":"ZoneCentrum","validUntil":"2027-06-30"}`
	if r := do(t, a, "POST", "id/parkingpermit", testToken, jsonLD, good); r.status != 201 {
		t.Fatalf("POST parkingpermit = %d %s", r.status, r.body)
	}
	if r := do(t, a, "GET", "id/parkingpermit/P123456", testToken, nil, ""); r.status != 200 || !strings.Contains(string(r.body), "ZoneCentrum") {
		t.Errorf("GET parkingpermit = %d %s", r.status, r.body)
	}
	bad := strings.Replace(strings.Replace(good, "P123456", "P12", 1), "ZoneCentrum", "ZoneMoon", 1)
	if r := do(t, a, "POST", "id/parkingpermit", testToken, jsonLD, bad); r.status != 422 {
		t.Errorf("POST a bad parking permit = %d %s; want 422", r.status, r.body)
	}

	// validate with the config validates against the extended model.
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfgFile, []byte("base: "+testBase+"\nmodelExtension: "+extensionFile+"\n"), 0o644)
	data := filepath.Join(dir, "permit.ttl")
	os.WriteFile(data, []byte(`<`+testBase+`id/parkingpermit/P1> a <https://data.exempelby.se/def/ParkingPermit> ;
  <http://purl.org/dc/terms/identifier> "P1" ; <https://data.exempelby.se/def/parkingZone> <https://data.exempelby.se/def/ZoneMoon> .
`), 0o644)
	stdout, stderr, err := runCLI(t, "validate", "--config", cfgFile, "--format", "text", data)
	if e, ok := err.(exitError); !ok || e != 1 {
		t.Fatalf("validate = %v\n%s%s", err, stdout, stderr)
	}
	for _, want := range []string{"parkingZone> value <https://data.exempelby.se/def/ZoneMoon>", "permitHolder>: at least 1 value required, found 0", `identifier> value "P1": value does not match`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("validate output lacks %q:\n%s", want, stdout)
		}
	}
	// model check names an extension's problems.
	stdout, _, err = runCLI(t, "model", "check", extensionFile)
	if err != nil || !strings.Contains(stdout, "(an extension of the shared model) is valid") {
		t.Errorf("model check of the example extension = %v %s", err, stdout)
	}
	clash := filepath.Join(dir, "clash.yaml")
	os.WriteFile(clash, []byte("id: https://x.test/e\nname: e\nimports: [grunddata]\ndefault_prefix: ex\nprefixes:\n  ex: https://x.test/\nclasses:\n  Person:\n    class_uri: ex:P\n"), 0o644)
	_, stderr, err = runCLI(t, "model", "check", clash)
	if err == nil || !strings.Contains(stderr, "class Person (line 8): clashes with the shared model's class") {
		t.Errorf("model check of a clashing extension = %v %s", err, stderr)
	}
}
