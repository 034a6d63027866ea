package sync

import (
	"context"
	"encoding/json"
	"time"
)

// Entry is one quarantined record: what the source sent and why the hub could not take it.
type Entry struct {
	Connector string    `json:"connector"`
	Key       string    `json:"key"`
	Reason    string    `json:"reason"`
	Raw       []byte    `json:"raw,omitempty"` // the record as the source sent it; internal, never logged
	Time      time.Time `json:"time"`
}

func encodeEntry(e Entry) ([]byte, error) { return json.Marshal(e) }

// Quarantined lists the quarantined records of a connector ("" for all connectors), by connector
// and key.
func (r *Runner) Quarantined(ctx context.Context, connector string) ([]Entry, error) {
	var out []Entry
	err := r.cfg.Store.ListMeta(ctx, quarantinePrefix(connector), func(_ string, v []byte) error {
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}
