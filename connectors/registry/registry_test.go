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
	if _, err := New("telex", "x", nil); err == nil || !strings.Contains(err.Error(), "a-melding, paxml") {
		t.Errorf("unknown type: %v", err)
	}
}
