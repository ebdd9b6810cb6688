// The sample extension's backend, as `docker extension init` shapes it: an
// HTTP server on the unix socket Docker Desktop (or ddbridge) gives it with
// -socket. With -tick N it is instead a small command that VM exec runs: it
// prints N lines, one every 100 ms, so the UI can show output as it streams.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

type item struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

func main() {
	socket := flag.String("socket", "/run/guest-services/backend.sock", "unix socket to listen on")
	tick := flag.Int("tick", 0, "print N lines, one every 100 ms, then exit")
	flag.Parse()
	if *tick > 0 {
		for i := 1; i <= *tick; i++ {
			fmt.Printf("tick %d of %d\n", i, *tick)
			time.Sleep(100 * time.Millisecond)
		}
		return
	}

	_ = os.Remove(*socket)
	ln, err := net.Listen("unix", *socket)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"message": "hello from the backend"})
	})
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		// ITEMS_FAIL=1 makes the list fail, so the UI's error path can be tested.
		if os.Getenv("ITEMS_FAIL") != "" {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "the item store is down"})
			return
		}
		writeJSON(w, http.StatusOK, []item{
			{Name: "web", Status: "running"},
			{Name: "db", Status: "running"},
			{Name: "worker", Status: "stopped"},
		})
	})
	mux.HandleFunc("GET /ws/ticks", live)
	log.Printf("listening on %s", *socket)
	log.Fatal(http.Serve(ln, mux))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
