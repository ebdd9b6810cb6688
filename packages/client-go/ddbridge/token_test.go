package ddbridge

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTokenLookupOrder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "token"), []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DDBRIDGE_HOME", dir)
	t.Setenv("DDBRIDGE_TOKEN", "")
	if got, err := Token(); err != nil || got != "from-file" {
		t.Fatalf("DDBRIDGE_HOME/token: got %q, %v", got, err)
	}
	t.Setenv("DDBRIDGE_TOKEN", "from-env")
	if got, _ := Token(); got != "from-env" {
		t.Fatalf("DDBRIDGE_TOKEN first: got %q", got)
	}
	t.Setenv("DDBRIDGE_TOKEN", "")
	t.Setenv("DDBRIDGE_HOME", filepath.Join(dir, "missing"))
	if _, err := Token(); err == nil {
		t.Fatal("a missing token file must be an error")
	}
}

func TestEndpoints(t *testing.T) {
	for target, want := range map[string]endpoint{
		"127.0.0.1:7799":            {tcp: "127.0.0.1:7799"},
		"http://127.0.0.1:7799":     {tcp: "127.0.0.1:7799"},
		"http://[::1]:7799/":        {tcp: "[::1]:7799"},
		"unix:///run/ddbridge.sock": {unix: "/run/ddbridge.sock"},
		"unix:/run/ddbridge.sock":   {unix: "/run/ddbridge.sock"},
	} {
		got, err := parseEndpoint(target)
		if err != nil || got != want {
			t.Errorf("%s: got %+v, %v", target, got, err)
		}
	}
	for _, bad := range []string{"", "https://127.0.0.1:7799", "unix://relative.sock", "http://h:1/path"} {
		if _, err := parseEndpoint(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
