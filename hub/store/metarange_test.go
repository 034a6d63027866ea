package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestMetaRange(t *testing.T) {
	s := openMemory(t)
	ctx := context.Background()
	vals := map[string][]byte{"logx": []byte("outside the prefix"), "other": []byte("x")}
	for i := range 20 {
		vals[fmt.Sprintf("log/%04d", i)] = []byte{byte(i)}
	}
	if _, err := s.Apply(ctx, Changeset{Meta: vals}); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := s.MetaRange(ctx, "log/", "log/0017", func(k string, v []byte) error {
		got = append(got, fmt.Sprintf("%s=%d", k, v[0]))
		return nil
	})
	if err != nil || strings.Join(got, " ") != "log/0017=17 log/0018=18 log/0019=19" {
		t.Errorf("MetaRange from log/0017: %v %v", got, err)
	}
	got = nil
	_ = s.MetaRange(ctx, "log/", "", func(k string, v []byte) error { got = append(got, k); return nil })
	if len(got) != 20 || got[0] != "log/0000" || got[19] != "log/0019" {
		t.Errorf("MetaRange of the whole prefix: %v", got)
	}
}
