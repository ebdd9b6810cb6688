package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/coder/websocket"
)

// live is GET /ws/ticks, a WebSocket the UI opens with
// ddClient.extension.vm.service.websocket (ddbridge only): "tick N" every
// 200 ms until the page sends "stop", which closes with 4000 and a reason.
func live(w http.ResponseWriter, r *http.Request) {
	// The socket is reachable only through the extension host (ddbridge checks
	// the page's origin and token before the upgrade reaches us), and the Host it
	// sends is the socket's, not the page's: the library's own origin check would
	// refuse every page.
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		Subprotocols:       []string{"ticks.v1"},
		InsecureSkipVerify: true,
	})
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := make(chan struct{})
	go func() {
		for {
			_, msg, err := c.Read(ctx)
			if err != nil {
				cancel()
				return
			}
			if string(msg) == "stop" {
				close(stop)
				return
			}
		}
	}()
	ticker := time.NewTicker(200 * time.Millisecond)
	defer ticker.Stop()
	for n := 1; ; n++ {
		select {
		case <-stop:
			_ = c.Close(4000, "stopped by the page")
			return
		case <-ctx.Done():
			return
		case <-ticker.C:
			if err := c.Write(ctx, websocket.MessageText, []byte(fmt.Sprintf("tick %d", n))); err != nil {
				return
			}
		}
	}
}
