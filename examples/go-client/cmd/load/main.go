// Command load is the bench's Go client (packages/bridge-daemon/bench): it
// keeps CONC HttpService.Call requests in flight over one grpc-go connection
// for SECONDS and prints {requests, seconds, rps, p50, p99} as JSON.
//
//	DDBRIDGE_TOKEN=... load -addr 127.0.0.1:7799 -path /large?bytes=100 -c 64 -s 1.5
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"os"
	"sort"
	"sync"
	"time"

	ddbridgev1 "github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7799", "daemon TCP address")
	path := flag.String("path", "/hello", "backend path to GET")
	conc := flag.Int("c", 1, "requests in flight")
	seconds := flag.Float64("s", 1, "seconds to measure (after a short warm-up)")
	flag.Parse()
	conn, err := grpc.NewClient(*addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20)))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	client := ddbridgev1.NewHttpServiceClient(conn)
	ctx := metadata.AppendToOutgoingContext(context.Background(),
		"authorization", "Bearer "+os.Getenv("DDBRIDGE_TOKEN"))
	req := &ddbridgev1.CallRequest{Method: "GET", Path: *path}
	call := func() {
		if _, err := client.Call(ctx, req); err != nil {
			log.Fatal(err)
		}
	}
	run := func(d time.Duration, record bool) ([]float64, time.Duration) {
		var mu sync.Mutex
		var times []float64
		start := time.Now()
		end := start.Add(d)
		var wg sync.WaitGroup
		for i := 0; i < *conc; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					t := time.Now()
					call()
					if record {
						ms := float64(time.Since(t).Microseconds()) / 1000
						mu.Lock()
						times = append(times, ms)
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		return times, time.Since(start)
	}
	run(time.Duration(min(300, *seconds*200))*time.Millisecond, false)
	times, elapsed := run(time.Duration(*seconds*float64(time.Second)), true)
	sort.Float64s(times)
	pct := func(q float64) float64 {
		i := int(q / 100 * float64(len(times)))
		if i >= len(times) {
			i = len(times) - 1
		}
		return times[i]
	}
	out, _ := json.Marshal(map[string]float64{
		"requests": float64(len(times)),
		"seconds":  elapsed.Seconds(),
		"rps":      float64(len(times)) / elapsed.Seconds(),
		"p50":      pct(50),
		"p99":      pct(99),
	})
	os.Stdout.Write(append(out, '\n'))
}
