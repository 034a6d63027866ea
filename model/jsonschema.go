package model

func (s *Schema) generateJSONSchemas(out Files) error { return nil }
