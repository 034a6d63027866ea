package demosources

import "fmt"

// StartExempelby serves the Exempelby demo sources on addr ("127.0.0.1:0" for any free port) with the
// real clock. The returned server's Settings point connectors at it.
func StartExempelby(addr string) (*Server, error) {
	srcs, err := Exempelby(nil)
	if err != nil {
		return nil, err
	}
	return Listen(srcs, addr)
}

// Settings are the connector settings, by connector type, that point at this server.
func (s *Server) Settings() map[string]map[string]string { return Settings(s.URL) }

// Apply overrides, in each connector's settings, the ones that point at the demo sources: for every
// connector whose type (ss12000, enhetsregisteret) the server serves, the keys of Settings win.
// types and settings are parallel slices of the config's connectors; Apply changes the maps in
// place and creates missing ones.
func (s *Server) Apply(types []string, settings []map[string]string) error {
	if len(types) != len(settings) {
		return fmt.Errorf("demosources: %d types for %d settings", len(types), len(settings))
	}
	over := s.Settings()
	for i, t := range types {
		for k, v := range over[t] {
			if settings[i] == nil {
				settings[i] = map[string]string{}
			}
			settings[i][k] = v
		}
	}
	return nil
}
