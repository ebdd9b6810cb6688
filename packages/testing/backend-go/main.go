// Command backend-go is the fixture backend for test extension images: the
// same routes as src/fixture-backend.ts, built statically (CGO_ENABLED=0) so
// the images can be FROM scratch.
//
//	GET  /hello                  JSON
//	GET  /text                   plain text
//	GET  /binary                 the 256 byte values, application/octet-stream
//	GET  /large?bytes=N          N bytes, byte i = i % 251
//	GET  /status/CODE            that status, body "status CODE" (none for 204/304)
//	GET  /slow?ms=N              answers after N ms
//	GET  /events?count=N&ms=T    server-sent events, N events T ms apart
//	ANY  /echo                   JSON of method, path, headers and body text
//	ANY  /echo-raw               the request body back, same content type
//	GET  /hits                   how many requests came before this one (a test's proof
//	                             that nothing reached this backend)
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

var statusPath = regexp.MustCompile(`^/status/(\d{3})$`)

func main() {
	socket := "/run/guest-services/backend.sock"
	if len(os.Args) > 1 {
		socket = os.Args[1]
	} else if s := os.Getenv("DDBRIDGE_BACKEND_SOCKET"); s != "" {
		socket = s
	}
	if err := os.MkdirAll(filepath.Dir(socket), 0o755); err != nil {
		log.Fatal(err)
	}
	_ = os.Remove(socket) // a stale socket from a previous run
	ln, err := net.Listen("unix", socket)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("fixture backend listening on %s\n", socket)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		ln.Close()
		os.Exit(0)
	}()
	log.Fatal(http.Serve(ln, http.HandlerFunc(route)))
}

var hits atomic.Int64

func route(w http.ResponseWriter, r *http.Request) {
	before := hits.Add(1) - 1
	if r.URL.Path == "/hits" {
		writeJSON(w, map[string]int64{"hits": before})
		return
	}
	q := func(name string, fallback int) int {
		if n, err := strconv.Atoi(r.URL.Query().Get(name)); err == nil {
			return n
		}
		return fallback
	}
	if m := statusPath.FindStringSubmatch(r.URL.Path); m != nil {
		code, _ := strconv.Atoi(m[1])
		w.WriteHeader(code)
		if code != 204 && code != 304 {
			fmt.Fprintf(w, "status %d", code)
		}
		return
	}
	switch r.URL.Path {
	case "/hello":
		writeJSON(w, map[string]string{"message": "hello from the backend"})
	case "/text":
		w.Header().Set("content-type", "text/plain; charset=utf-8")
		io.WriteString(w, "plain text, not JSON")
	case "/binary":
		w.Header().Set("content-type", "application/octet-stream")
		b := make([]byte, 256)
		for i := range b {
			b[i] = byte(i)
		}
		w.Write(b)
	case "/large":
		n := q("bytes", 1024*1024)
		w.Header().Set("content-type", "application/octet-stream")
		w.Header().Set("content-length", strconv.Itoa(n))
		block := make([]byte, 251*256)
		for i := range block {
			block[i] = byte(i % 251)
		}
		for sent := 0; sent < n; {
			k := min(len(block), n-sent)
			if _, err := w.Write(block[:k]); err != nil {
				return
			}
			sent += k
		}
	case "/slow":
		time.Sleep(time.Duration(q("ms", 1000)) * time.Millisecond)
		io.WriteString(w, "slow")
	case "/events":
		w.Header().Set("content-type", "text/event-stream")
		w.Header().Set("cache-control", "no-cache")
		count, ms := q("count", 5), q("ms", 100)
		for i := 1; i <= count; i++ {
			if _, err := fmt.Fprintf(w, "data: event %d\n\n", i); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			if i < count {
				time.Sleep(time.Duration(ms) * time.Millisecond)
			}
		}
	case "/echo":
		body, _ := io.ReadAll(r.Body)
		headers := map[string]string{}
		for k, v := range r.Header {
			headers[strings.ToLower(k)] = strings.Join(v, ", ")
		}
		writeJSON(w, map[string]any{
			"method": r.Method, "path": r.URL.RequestURI(), "headers": headers, "body": string(body),
		})
	case "/fetch":
		// GET another service of the extension (by its compose name), as a backend does.
		client := http.Client{Timeout: 5 * time.Second}
		res, err := client.Get(r.URL.Query().Get("url"))
		if err != nil {
			w.WriteHeader(502)
			io.WriteString(w, err.Error())
			return
		}
		defer res.Body.Close()
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
	case "/echo-raw":
		body, _ := io.ReadAll(r.Body)
		ct := r.Header.Get("content-type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("content-type", ct)
		w.Write(body)
	default:
		w.WriteHeader(404)
		fmt.Fprintf(w, "no route for %s", r.URL.Path)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("content-type", "application/json")
	json.NewEncoder(w).Encode(v)
}
