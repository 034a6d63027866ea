package main

import (
	"flag"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/grunddata/grunddata/hub/config"
)

// repoRoot is the repository root, seen from this package.
const repoRoot = "../.."

type composeFile struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Build *struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	} `yaml:"build"`
	Image       string   `yaml:"image"`
	Command     []string `yaml:"command"`
	Ports       []string `yaml:"ports"`
	Volumes     []string `yaml:"volumes"`
	DependsOn   []string `yaml:"depends_on"`
	NetworkMode string   `yaml:"network_mode"`
	Restart     string   `yaml:"restart"`
}

// hubFlags parses a `serve` command line with the flags serve takes (plus --follow, which
// replication adds), so that a misspelt or unknown flag fails the test.
type hubFlags struct {
	config, addr, data, base, follow string
	demo                             bool
}

func parseServe(t *testing.T, service string, args []string) hubFlags {
	t.Helper()
	if len(args) == 0 || args[0] != "serve" {
		t.Fatalf("%s: command %v does not run serve", service, args)
	}
	var h hubFlags
	fs := flag.NewFlagSet(service, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&h.config, "config", "", "")
	fs.StringVar(&h.addr, "addr", "", "")
	fs.StringVar(&h.data, "data", "", "")
	fs.StringVar(&h.base, "base", "", "")
	fs.StringVar(&h.follow, "follow", "", "")
	fs.BoolVar(&h.demo, "demo", false, "")
	if err := fs.Parse(args[1:]); err != nil {
		t.Fatalf("%s: %v", service, err)
	}
	if fs.NArg() > 0 {
		t.Fatalf("%s: stray arguments %v", service, fs.Args())
	}
	return h
}

// TestDockerCompose checks the two-municipality setup without Docker: the services and their
// commands, that each hub's config file exists and is valid with the command's overrides, that
// ports, base URIs and volumes agree, and that the neighbour follows the first hub's base URI.
func TestDockerCompose(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&cf); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	for _, name := range []string{"exempelby", "naboby", "demo-sources"} {
		if _, ok := cf.Services[name]; !ok {
			t.Fatalf("no service %q", name)
		}
	}

	type hub struct {
		flags hubFlags
		cfg   config.Config
	}
	hubs := map[string]hub{}
	usedVolumes := map[string]string{}
	for _, name := range []string{"exempelby", "naboby"} {
		svc := cf.Services[name]
		h := parseServe(t, name, svc.Command)
		if h.addr == "" || h.base == "" || h.data == "" || h.config == "" {
			t.Fatalf("%s: serve needs --config, --addr, --base and --data, got %+v", name, h)
		}

		// The config file: mounted read-only from the repository where --config points.
		var cfgSource string
		var dataVolume string
		for _, v := range svc.Volumes {
			parts := strings.Split(v, ":")
			if len(parts) < 2 {
				t.Fatalf("%s: volume %q", name, v)
			}
			switch parts[1] {
			case h.config:
				cfgSource = parts[0]
				if len(parts) < 3 || parts[2] != "ro" {
					t.Errorf("%s: the config is not mounted read-only", name)
				}
			case h.data:
				dataVolume = parts[0]
			}
		}
		if cfgSource == "" || !strings.HasPrefix(cfgSource, "./examples/") {
			t.Fatalf("%s: --config %s is not mounted from examples/ (volumes %v)", name, h.config, svc.Volumes)
		}
		cfg, err := config.Load(filepath.Join(repoRoot, cfgSource))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cfg.Addr, cfg.Base, cfg.Data = h.addr, h.base, h.data
		if err := cfg.Validate(); err != nil {
			t.Fatalf("%s: %s with the command's overrides: %v", name, cfgSource, err)
		}
		if cfg.Municipality.Name == "" || cfg.Municipality.Code == "" || cfg.Municipality.ContactEmail == "" {
			t.Errorf("%s: the municipality lacks name, code or contact e-mail: %+v", name, cfg.Municipality)
		}

		// The store on a named volume of its own.
		if _, declared := cf.Volumes[dataVolume]; !declared {
			t.Errorf("%s: --data %s is not on a declared named volume (got %q)", name, h.data, dataVolume)
		}
		if other, dup := usedVolumes[dataVolume]; dup {
			t.Errorf("%s and %s share the data volume %s", name, other, dataVolume)
		}
		usedVolumes[dataVolume] = name

		// The base URI names the service and the published port, so it resolves inside the
		// compose network and, with a hosts entry, from the host.
		u, err := url.Parse(h.base)
		if err != nil || u.Hostname() != name {
			t.Errorf("%s: base %s does not use the service name", name, h.base)
		}
		_, listenPort, err := net.SplitHostPort(h.addr)
		if err != nil {
			t.Fatalf("%s: --addr %s: %v", name, h.addr, err)
		}
		want := u.Port() + ":" + listenPort
		if len(svc.Ports) != 1 || svc.Ports[0] != want {
			t.Errorf("%s: ports %v, want [%q] (base port : listen port)", name, svc.Ports, want)
		}
		if svc.Restart == "" || svc.Restart == "no" {
			t.Errorf("%s: a hub should restart after a crash (restart: %q)", name, svc.Restart)
		}
		if svc.Image != "grunddata:latest" {
			t.Errorf("%s: image %q", name, svc.Image)
		}
		hubs[name] = hub{flags: h, cfg: cfg}
	}

	ex, nb := hubs["exempelby"], hubs["naboby"]
	if !ex.flags.demo || nb.flags.demo {
		t.Errorf("only exempelby loads the demo data (demo: exempelby %v, naboby %v)", ex.flags.demo, nb.flags.demo)
	}
	if nb.flags.follow != ex.flags.base {
		t.Errorf("naboby follows %q, want exempelby's base %q", nb.flags.follow, ex.flags.base)
	}
	if !contains(cf.Services["naboby"].DependsOn, "exempelby") {
		t.Errorf("naboby does not depend on exempelby")
	}
	if ex.cfg.Base == nb.cfg.Base || ex.cfg.Municipality.Code == nb.cfg.Municipality.Code ||
		ex.cfg.Municipality.Country == nb.cfg.Municipality.Country {
		t.Errorf("the two hubs are not two municipalities: %+v / %+v", ex.cfg.Municipality, nb.cfg.Municipality)
	}

	ds := cf.Services["demo-sources"]
	if len(ds.Command) == 0 || ds.Command[0] != "demo-sources" || ds.NetworkMode != "service:exempelby" {
		t.Errorf("demo-sources: command %v, network_mode %q", ds.Command, ds.NetworkMode)
	}

	// One image, built by the first hub from the multi-stage Dockerfile.
	build := cf.Services["exempelby"].Build
	if build == nil || build.Context != "." {
		t.Fatalf("exempelby does not build the image from the repository root")
	}
	checkDockerfile(t, filepath.Join(repoRoot, build.Dockerfile))
}

var fromLine = regexp.MustCompile(`(?m)^FROM\s+(\S+)`)

func checkDockerfile(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	froms := fromLine.FindAllStringSubmatch(s, -1)
	if len(froms) < 2 {
		t.Fatalf("%s: %d stages, want a multi-stage build", path, len(froms))
	}
	if !strings.HasPrefix(froms[0][1], "golang:") || strings.HasPrefix(froms[len(froms)-1][1], "golang:") {
		t.Errorf("%s: build in golang, run in a small image; stages %v", path, froms)
	}
	for _, want := range []string{"CGO_ENABLED=0", "go build", "./cmd/grunddata", "COPY --from="} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %q", path, want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
