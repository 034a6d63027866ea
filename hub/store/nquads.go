package store

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
)

// ImportOptions configure ImportNQuads.
type ImportOptions struct {
	DefaultGraph rdf.Context // where triples without a graph go; nil = the default graph
	Progress     func(n int) // quads stored so far
	NoChangeLog  bool        // do not log the imported quads as changes
	// BlankPrefix is put before every blank node label, so that the document's blank nodes stay its
	// own (see rdfio.ScopeBlankNodes). Derive it from the document's origin to keep re-imports
	// idempotent.
	BlankPrefix string
}

// ImportNQuads streams N-Quads (or N-Triples) from r into the store through the bulk loader and
// returns the number of quads stored. On a syntax error it stops and names the line; the batches
// before it stay stored, and since the loader skips what is there, the import can be run again
// after the file is fixed.
func (s *Store) ImportNQuads(ctx context.Context, r io.Reader, opts ImportOptions) (int, error) {
	bl := s.NewBulkLoader(BulkOptions{NoChangeLog: opts.NoChangeLog, Progress: opts.Progress})
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if len(trimSpace(text)) == 0 || trimSpace(text)[0] == '#' {
			continue
		}
		q, err := rdf.NewQuadDecoder(bytesReader(text), rdf.NQuads).Decode()
		if err != nil {
			bl.Close()
			return bl.Loaded(), fmt.Errorf("line %d: %v", line, err)
		}
		if opts.BlankPrefix != "" {
			q = rdfio.ScopeQuad(q, opts.BlankPrefix)
		}
		if q.Ctx == nil && opts.DefaultGraph != nil {
			q.Ctx = opts.DefaultGraph
		}
		if err := bl.Add(ctx, q); err != nil {
			bl.Close()
			return bl.Loaded(), err
		}
	}
	if err := sc.Err(); err != nil {
		bl.Close()
		return bl.Loaded(), fmt.Errorf("line %d: %w", line+1, err)
	}
	err := bl.Close()
	return bl.Loaded(), err
}

// ExportNQuads writes the quads matching p as N-Quads and returns how many it wrote.
func (s *Store) ExportNQuads(ctx context.Context, w io.Writer, p Pattern) (int, error) {
	bw := bufio.NewWriterSize(w, 256*1024)
	n := 0
	err := s.Match(ctx, p, func(q rdf.Quad) error {
		n++
		_, err := bw.WriteString(rdfio.QuadString(q))
		if err == nil {
			err = bw.WriteByte('\n')
		}
		return err
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func bytesReader(b []byte) io.Reader { return &sliceReader{b: append(b, '\n')} }
