package catalog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/model"
	"github.com/grunddata/grunddata/vocab"
)

// WriteDump streams a dump to w, one resource at a time, so memory does not grow with the data:
// every open resource of the area (or of all areas) with its open description, areas and classes
// in catalogue order and resources by IRI. Its bytes depend only on the store's state.
//
//   - N-Quads: each triple in the named graph of its area's dataset ({base}catalog#dataset-{area}),
//     so that one file loaded into a quad store keeps the areas apart.
//   - Turtle: one @prefix header, then each resource's statements.
//   - JSON-LD: {"@context": the hub's context, "@graph": [each resource compacted, nested nodes
//     embedded]}.
//
// An error after the first byte leaves w truncated; the caller can only abort the response.
func (c *Catalog) WriteDump(ctx context.Context, w io.Writer, d Dump) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var write func(areaName string, triples []rdf.Triple) error
	var end func() error
	switch d.Format.Extension {
	case "nq":
		write = func(areaName string, triples []rdf.Triple) error {
			g := rdfio.MustIRI(c.datasetIRI(areaName))
			qs := make([]rdf.Quad, len(triples))
			for i, t := range triples {
				qs[i] = rdf.Quad{Triple: t, Ctx: g}
			}
			return rdfio.WriteNQuads(bw, qs)
		}
	case "ttl":
		prefixes := vocab.Prefixes()
		if err := writePrefixes(bw, prefixes); err != nil {
			return err
		}
		write = func(_ string, triples []rdf.Triple) error {
			body, err := turtleBody(triples, prefixes)
			if err != nil {
				return err
			}
			bw.WriteByte('\n')
			_, err = bw.WriteString(body)
			return err
		}
	case "jsonld":
		if c.jsonld == nil {
			return fmt.Errorf("catalog: no JSON-LD processor configured")
		}
		ctxURL, _ := json.Marshal(c.jsonld.ContextURL())
		fmt.Fprintf(bw, "{\n  \"@context\": %s,\n  \"@graph\": [", ctxURL)
		first := true
		write = func(_ string, triples []rdf.Triple) error {
			doc, err := c.jsonld.Compact(triples)
			if err != nil {
				return err
			}
			nodes, err := withoutContext(doc, c.jsonld.ContextURL())
			if err != nil {
				return err
			}
			for _, n := range nodes {
				if !first {
					bw.WriteByte(',')
				}
				first = false
				bw.WriteString("\n    ")
				bw.Write(bytes.ReplaceAll(n, []byte("\n"), []byte("\n    ")))
			}
			return nil
		}
		end = func() error {
			_, err := bw.WriteString("\n  ]\n}\n")
			return err
		}
	default:
		return fmt.Errorf("catalog: no dump format %q", d.Format.Extension)
	}
	for _, a := range c.areas {
		if d.Area != AllAreas && d.Area != a.Name {
			continue
		}
		err := c.source.Each(ctx, a.classes, func(_ rdf.IRI, triples []rdf.Triple) error {
			return write(a.Name, triples)
		})
		if err != nil {
			return err
		}
	}
	if end != nil {
		if err := end(); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Classes returns the model classes of an area, or of all areas for AllAreas.
func (c *Catalog) Classes(areaName string) []*model.Class {
	var out []*model.Class
	for _, a := range c.areas {
		if areaName == AllAreas || areaName == a.Name {
			out = append(out, a.classes...)
		}
	}
	return out
}

// writePrefixes declares every prefix once, in label order.
func writePrefixes(w *bufio.Writer, prefixes map[string]string) error {
	var lines []string
	for label, ns := range prefixes {
		lines = append(lines, "@prefix "+label+": <"+ns+"> .\n")
	}
	slices.Sort(lines)
	for _, l := range lines {
		if _, err := w.WriteString(l); err != nil {
			return err
		}
	}
	return nil
}

// turtleBody writes triples as Turtle with the given prefixes and drops the @prefix lines: the
// dump declared all of them once at its start.
func turtleBody(triples []rdf.Triple, prefixes map[string]string) (string, error) {
	var b strings.Builder
	if err := rdfio.WriteTurtle(&b, triples, prefixes); err != nil {
		return "", err
	}
	s := b.String()
	for strings.HasPrefix(s, "@prefix ") {
		_, s, _ = strings.Cut(s, "\n")
	}
	return strings.TrimPrefix(s, "\n"), nil
}

// withoutContext turns a compacted document into the node objects to place in a dump's @graph:
// the document without its "@context" (the dump declares it once), or its "@graph" members when
// the description has several top-level nodes.
func withoutContext(doc []byte, contextURL string) ([][]byte, error) {
	quoted := strconv.Quote(contextURL)
	head := []byte("{\n  \"@context\": " + quoted + ",\n")
	if bytes.HasPrefix(doc, head) && !bytes.Contains(doc, []byte(`"@graph"`)) {
		node := append([]byte("{\n"), doc[len(head):]...)
		return [][]byte{bytes.TrimRight(node, "\n")}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(doc, &m); err != nil {
		return nil, fmt.Errorf("catalog: compacted JSON-LD: %w", err)
	}
	delete(m, "@context")
	graph, ok := m["@graph"]
	if !ok {
		b, err := json.Marshal(m)
		return [][]byte{b}, err
	}
	var nodes []json.RawMessage
	if err := json.Unmarshal(graph, &nodes); err != nil {
		return nil, fmt.Errorf("catalog: compacted JSON-LD @graph: %w", err)
	}
	out := make([][]byte, len(nodes))
	for i, n := range nodes {
		out[i] = n
	}
	return out, nil
}
