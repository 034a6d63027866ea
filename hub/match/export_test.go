package match

// BlockKeys exposes a record's blocking keys to the external tests.
func BlockKeys(p Person) []string {
	r := prepare(p)
	return blockKeys(&r, nil)
}
