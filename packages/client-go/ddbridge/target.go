package ddbridge

import (
	"fmt"
	"net/url"
	"strings"
)

// endpoint is a daemon's address as the helpers take it: host:port, an
// http:// URL, or unix:///path/to/daemon.sock (or unix:/path).
type endpoint struct {
	// tcp is "host:port", or "" for a unix socket.
	tcp string
	// unix is the socket path, or "".
	unix string
}

func parseEndpoint(target string) (endpoint, error) {
	switch {
	case strings.HasPrefix(target, "unix://"):
		return unixEndpoint(strings.TrimPrefix(target, "unix://"), target)
	case strings.HasPrefix(target, "unix:"):
		return unixEndpoint(strings.TrimPrefix(target, "unix:"), target)
	case strings.HasPrefix(target, "http://"):
		u, err := url.Parse(target)
		if err != nil || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return endpoint{}, fmt.Errorf("ddbridge: %q is not a daemon URL (http://HOST:PORT)", target)
		}
		return endpoint{tcp: u.Host}, nil
	case strings.Contains(target, "://"):
		return endpoint{}, fmt.Errorf("ddbridge: %q: the daemon speaks http:// (no TLS) or unix://", target)
	case target == "":
		return endpoint{}, fmt.Errorf("ddbridge: no daemon address (e.g. 127.0.0.1:7799)")
	default:
		return endpoint{tcp: target}, nil
	}
}

func unixEndpoint(path, target string) (endpoint, error) {
	if path == "" || !strings.HasPrefix(path, "/") {
		return endpoint{}, fmt.Errorf("ddbridge: %q: a unix socket needs an absolute path", target)
	}
	return endpoint{unix: path}, nil
}
