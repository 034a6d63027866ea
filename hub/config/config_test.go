package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		want    Config
		wantErr string
	}{
		{
			name: "defaults kept",
			yaml: "municipality: {name: Exempelby, code: '9999', country: SE}\n",
			want: Config{Base: "http://localhost:8080/", Addr: "localhost:8080", Data: "./data",
				Municipality: Municipality{Name: "Exempelby", Code: "9999", Country: "SE", License: DefaultLicense}},
		},
		{
			name: "base slash added, tokens read",
			yaml: "base: https://data.exempelby.se/hub\ntokens: [{name: clerk, token: 0123456789abcdef}]\n",
			want: Config{Base: "https://data.exempelby.se/hub/", Addr: "localhost:8080", Data: "./data",
				Municipality: Municipality{License: DefaultLicense},
				Tokens:       []Token{{Name: "clerk", Secret: "0123456789abcdef"}}},
		},
		{
			name: "catalogue metadata",
			yaml: "municipality: {contactEmail: opendata@exempelby.se, homepage: 'https://exempelby.se/', license: 'http://publications.europa.eu/resource/authority/licence/CC0'}\n",
			want: Config{Base: "http://localhost:8080/", Addr: "localhost:8080", Data: "./data",
				Municipality: Municipality{ContactEmail: "opendata@exempelby.se", Homepage: "https://exempelby.se/",
					License: "http://publications.europa.eu/resource/authority/licence/CC0"}},
		},
		{name: "bad contact email", yaml: "municipality: {contactEmail: 'opendata at exempelby'}\n", wantErr: "contactEmail"},
		{name: "relative licence", yaml: "municipality: {license: cc-by}\n", wantErr: "municipality.license"},
		{name: "misspelt key", yaml: "bsae: x\n", wantErr: "field bsae not found"},
		{name: "relative base", yaml: "base: /hub/\n", wantErr: "absolute http(s) URI"},
		{name: "short token", yaml: "tokens: [{name: a, token: short}]\n", wantErr: `token "a" is shorter`},
		{name: "unnamed token", yaml: "tokens: [{token: 0123456789abcdef}]\n", wantErr: "tokens[0] has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.yaml), "test.yaml")
			if err == nil {
				err = c.Validate()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTokensFromEnvAndLookup(t *testing.T) {
	tokens := TokensFromEnv(" secret-one-0123456789 , clerk:secret-two-0123456789,,")
	want := []Token{{Name: "env-token-1", Secret: "secret-one-0123456789"}, {Name: "clerk", Secret: "secret-two-0123456789"}}
	if diff := cmp.Diff(want, tokens); diff != "" {
		t.Fatalf("tokens (-want +got):\n%s", diff)
	}
	a := NewAuthenticator(tokens)
	if name, ok := a.Lookup("secret-two-0123456789"); !ok || name != "clerk" {
		t.Errorf("Lookup(clerk secret) = %q, %v; want clerk, true", name, ok)
	}
	if _, ok := a.Lookup("secret-two-012345678"); ok {
		t.Error("Lookup accepted a wrong secret")
	}
}

func TestConnectorConfig(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"ok", "connectors:\n  - {name: payroll, type: paxml, schedule: 15m, settings: {file: a.xml}}\n", ""},
		{"bad name", "connectors:\n  - {name: Payroll, type: paxml}\n", "lower-case"},
		{"twice", "connectors:\n  - {name: a, type: paxml}\n  - {name: a, type: paxml}\n", "used twice"},
		{"no type", "connectors:\n  - {name: a}\n", "no type"},
		{"bad schedule", "connectors:\n  - {name: a, type: paxml, schedule: often}\n", "schedule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.yaml), "test.yaml")
			if err == nil {
				err = c.Validate()
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
			if tt.wantErr == "" && c.Connectors[0].Settings["file"] != "a.xml" {
				t.Fatalf("settings not read: %+v", c.Connectors[0])
			}
		})
	}
}
