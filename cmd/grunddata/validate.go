package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/knakk/rdf"

	"github.com/grunddata/grunddata/hub/jsonld"
	"github.com/grunddata/grunddata/hub/rdfio"
	"github.com/grunddata/grunddata/hub/shacl"
	"github.com/grunddata/grunddata/vocab"
)

// listFlag collects a flag given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// validateCmd checks data files against SHACL shapes and prints the validation report. Exit
// status: 0 when the data conforms, 1 when it does not, 2 when something could not be read.
func validateCmd(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("validate", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var shapeFiles listFlag
	fset.Var(&shapeFiles, "shapes", "a SHACL shapes file; repeat for several (default: the hub's model shapes, with the configured extension)")
	format := fset.String("format", "turtle", "report format: turtle, ntriples, jsonld or text")
	in := fset.String("in", "", "syntax of the data files: ttl, nt, nq, trig, rdf or jsonld (default: from each file's extension)")
	configPath := fset.String("config", "", "config file (YAML) for the base URI and the model extension")
	base := fset.String("base", "", "base IRI for relative IRIs and the hub's JSON-LD context (default from the config)")
	failOn := fset.String("fail-on", "info", "lowest severity that makes the exit status 1: info (any result, as sh:conforms), warning or violation")
	files, err := parseInterleaved(fset, args)
	if err != nil {
		return exitError(2)
	}
	fail := func(err error) error {
		fmt.Fprintln(stderr, "validate:", err)
		return exitError(2)
	}
	if len(files) == 0 {
		return fail(errors.New("name at least one data file"))
	}
	switch *format {
	case "turtle", "ttl", "ntriples", "nt", "jsonld", "text":
	default:
		return fail(fmt.Errorf("--format %q: use turtle, ntriples, jsonld or text", *format))
	}
	failing, ok := failingSeverities[*failOn]
	if !ok {
		return fail(fmt.Errorf("--fail-on %q: use info, warning or violation", *failOn))
	}
	cfg, err := loadConfig(*configPath, false)
	if err != nil {
		return fail(err)
	}
	if *base != "" {
		cfg.Base = *base
	}
	schema, err := hubSchema(cfg)
	if err != nil {
		return fail(err)
	}
	contextDoc, err := schema.ContextJSON()
	if err != nil {
		return fail(err)
	}
	ld, err := jsonld.NewProcessor(cfg.Base+"context.jsonld", contextDoc)
	if err != nil {
		return fail(err)
	}
	r := rdfReader{base: cfg.Base, ld: ld, syntax: *in}

	var v *shacl.Validator
	if len(shapeFiles) == 0 {
		var local []rdf.Triple
		if local, err = localShapes(cfg, ld); err != nil {
			return fail(err)
		}
		model, err := shacl.ModelShapes(schema)
		if err != nil {
			return fail(err)
		}
		v, err = shacl.Compile(append(model, local...))
		if err != nil {
			return fail(fmt.Errorf("shapes: %w", err))
		}
	} else {
		var shapes []rdf.Triple
		for i, path := range shapeFiles {
			ts, err := r.read(path, "s"+strconv.Itoa(i)+"-")
			if err != nil {
				return fail(err)
			}
			shapes = append(shapes, ts...)
		}
		v, err = shacl.Compile(shapes)
	}
	if err != nil {
		return fail(fmt.Errorf("shapes: %w", err))
	}
	var data []rdf.Triple
	for i, path := range files {
		ts, err := r.read(path, "d"+strconv.Itoa(i)+"-")
		if err != nil {
			return fail(err)
		}
		data = append(data, ts...)
	}
	rep := v.Validate(data)
	if err := writeReport(stdout, rep, *format); err != nil {
		return fail(err)
	}
	for _, res := range rep.Results {
		sev := res.Severity.String()
		if failing[sev] || !failingSeverities["info"][sev] {
			return exitError(1)
		}
	}
	return nil
}

// failingSeverities are, for each --fail-on value, the severities that fail validate. Severities
// outside SHACL's three count as violations.
var failingSeverities = map[string]map[string]bool{
	"info":      {vocab.SHInfo.String(): true, vocab.SHWarning.String(): true, vocab.SHViolation.String(): true},
	"warning":   {vocab.SHWarning.String(): true, vocab.SHViolation.String(): true},
	"violation": {vocab.SHViolation.String(): true},
}

// parseInterleaved parses flags that may come after the file names too
// ("validate data.ttl --format text"), returning the file names.
func parseInterleaved(fset *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		if fset.NArg() == 0 {
			return files, nil
		}
		files = append(files, fset.Arg(0))
		args = fset.Args()[1:]
	}
}

// writeReport prints a validation report in one of the formats validate and the API offer.
func writeReport(w io.Writer, rep *shacl.Report, format string) error {
	switch format {
	case "text":
		_, err := io.WriteString(w, rep.Text())
		return err
	case "jsonld":
		_, err := w.Write(rep.JSONLD())
		return err
	case "ntriples", "nt":
		return rdfio.WriteNTriples(w, rep.Triples())
	}
	return rdfio.WriteTurtle(w, rep.Triples(), vocab.Prefixes())
}

// rdfReader reads RDF files in any syntax the hub knows, the graphs of N-Quads and TriG merged.
type rdfReader struct {
	base   string
	ld     *jsonld.Processor
	syntax string // a --in name, or "" for the file extension
}

// read parses one file; its blank nodes get the prefix, so files never share blank nodes.
func (r rdfReader) read(path, blankPrefix string) ([]rdf.Triple, error) {
	mt := mediaTypeByName[r.syntax]
	if mt == "" {
		mt = mediaTypeByExt[strings.ToLower(filepath.Ext(path))]
	}
	if mt == "" {
		return nil, fmt.Errorf("%s: cannot tell the syntax from the extension; use --in", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []rdf.Quad
	if mt == "application/ld+json" {
		ts, err := r.ld.ToRDF(b, r.base)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, t := range ts {
			qs = append(qs, rdf.Quad{Triple: t})
		}
	} else if qs, err = rdfio.ParseQuads(bytes.NewReader(b), mt, r.base, nil); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	qs = rdfio.ScopeBlankNodes(qs, blankPrefix)
	ts := make([]rdf.Triple, len(qs))
	for i, q := range qs {
		ts[i] = q.Triple
	}
	return ts, nil
}
