// Command backend-go is the example extension's backend in its container
// image: the routes of backend/hello-backend.ts, built statically
// (CGO_ENABLED=0) so the image can be FROM scratch.
//
//	GET  /hello         {"message":"hello from the backend"}
//	POST /echo          JSON of the method, path and body text it received
//	GET  /status/CODE   that status
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
)

func main() {
	socket := "/run/guest-services/hello-extension.sock"
	if len(os.Args) > 1 {
		socket = os.Args[1]
	}
	if err := os.MkdirAll(filepath.Dir(socket), 0o755); err != nil {
		log.Fatal(err)
	}
	_ = os.Remove(socket) // a stale socket from a previous run
	ln, err := net.Listen("unix", socket)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("hello-extension backend listening on %s\n", socket)

	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"message": "hello from the backend"})
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		writeJSON(w, map[string]string{"method": r.Method, "path": r.URL.RequestURI(), "body": string(body)})
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		code, err := strconv.Atoi(r.PathValue("code"))
		if err != nil || code < 100 || code > 999 {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, "status %d", code)
	})

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		_ = ln.Close()
	}()
	if err := http.Serve(ln, mux); err != nil && !errors.Is(err, net.ErrClosed) {
		log.Fatal(err)
	}
}

func writeJSON(w http.ResponseWriter, value any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(value)
}
