package registry

import (
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	for _, typ := range []string{"paxml", "a-melding"} {
		c, err := New(typ, "x", map[string]string{"path": "somewhere"})
		if err != nil || c.Name() != "x" {
			t.Errorf("%s: %v", typ, err)
		}
		if _, err := New(typ, "x", nil); err == nil {
			t.Errorf("%s without settings was built", typ)
		}
	}
	for typ, settings := range map[string]map[string]string{
		"ss12000":          {"url": "http://127.0.0.1:8091/ss12000/v2", "token": "t"},
		"enhetsregisteret": nil, // the real register by default
	} {
		c, err := New(typ, "x", settings)
		if err != nil || c.Name() != "x" {
			t.Errorf("%s: %v", typ, err)
		}
	}
	if _, err := New("ss12000", "x", nil); err == nil || !strings.Contains(err.Error(), "settings.url") {
		t.Errorf("ss12000 without url: %v", err)
	}
	if _, err := New("telex", "x", nil); err == nil || !strings.Contains(err.Error(), "a-melding, enhetsregisteret, paxml, ss12000") {
		t.Errorf("unknown type: %v", err)
	}
}
