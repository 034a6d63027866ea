package model

func (s *Schema) generateShapes(out Files) error { return nil }
