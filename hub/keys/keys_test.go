package keys

import (
	"strings"
	"testing"
)

func TestDammDigit(t *testing.T) {
	// 572 → 4 is the worked example of the Damm algorithm.
	tests := []struct {
		in   string
		want byte
	}{{"572", '4'}, {"5724", '0'}, {"", '0'}, {"1000000", '4'}}
	for _, tt := range tests {
		got, err := DammDigit(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("DammDigit(%q) = %c, %v; want %c", tt.in, got, err, tt.want)
		}
	}
	if _, err := DammDigit("12a"); err == nil {
		t.Error("DammDigit accepted a letter")
	}
}

func TestCustomerNumber(t *testing.T) {
	first, err := CustomerNumber(1)
	if err != nil || first != "10000004" {
		t.Fatalf("CustomerNumber(1) = %q, %v; want 10000004", first, err)
	}
	seen := map[string]bool{}
	for n := uint64(1); n <= 5000; n++ {
		c, err := CustomerNumber(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := ValidCustomerNumber(c); err != nil {
			t.Fatalf("CustomerNumber(%d) = %s does not validate: %v", n, c, err)
		}
		if seen[c] {
			t.Fatalf("CustomerNumber(%d) = %s repeats", n, c)
		}
		seen[c] = true
	}
	if _, err := CustomerNumber(0); err == nil {
		t.Error("CustomerNumber(0) gave no error")
	}
	if _, err := CustomerNumber(9_000_001); err == nil {
		t.Error("CustomerNumber past the range gave no error")
	}
}

// Every single-digit error and every adjacent transposition of a valid number must be caught.
func TestValidCustomerNumberCatchesTypos(t *testing.T) {
	c, _ := CustomerNumber(4711)
	for i := 0; i < len(c); i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == c[i] {
				continue
			}
			typo := c[:i] + string(d) + c[i+1:]
			if typo[0] != '0' && ValidCustomerNumber(typo) == nil {
				t.Errorf("single-digit error %s of %s validates", typo, c)
			}
		}
		if i+1 < len(c) && c[i] != c[i+1] {
			swapped := c[:i] + string(c[i+1]) + string(c[i]) + c[i+2:]
			if swapped[0] != '0' && ValidCustomerNumber(swapped) == nil {
				t.Errorf("transposition %s of %s validates", swapped, c)
			}
		}
	}
	for _, bad := range []string{"1234567", "0000000", "1000000a", "100000001"} {
		if ValidCustomerNumber(bad) == nil {
			t.Errorf("ValidCustomerNumber(%q) = nil, want an error", bad)
		}
	}
}

func TestRandom(t *testing.T) {
	a, b := Random(), Random()
	if len(a) != 16 || a == b || strings.Trim(a, "0123456789abcdefghjkmnpqrstvwxyz") != "" {
		t.Errorf("Random() = %q, %q; want two different 16-character keys", a, b)
	}
}
