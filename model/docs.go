package model

func (s *Schema) generateDocs(out Files) error { return nil }
