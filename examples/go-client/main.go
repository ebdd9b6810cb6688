// Command go-client calls a ddbridge daemon from Go with the stubs generated
// from proto/: it proxies one HTTP request to the extension's backend and
// streams one exec, exiting with the command's exit code.
//
//	go run . -addr 127.0.0.1:7799 -path /hello -target host hello world
//	go run . -unix /path/to/daemon.sock -target vm ./hello.sh
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	ddbridgev1 "github.com/ddbridge/ddbridge/examples/go-client/gen/ddbridge/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// bearer sends the daemon's token with every call. The daemon listens on
// loopback or a unix socket without TLS, so it must not require security.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearer) RequireTransportSecurity() bool { return false }

func readToken(file string) (string, error) {
	if t := os.Getenv("DDBRIDGE_TOKEN"); t != "" {
		return t, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("no token: set DDBRIDGE_TOKEN or pass -token-file: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

func main() {
	home, _ := os.UserHomeDir()
	addr := flag.String("addr", "127.0.0.1:7799", "daemon TCP address")
	unix := flag.String("unix", "", "daemon unix socket (instead of -addr)")
	tokenFile := flag.String("token-file", filepath.Join(home, ".ddbridge", "token"), "bearer token file")
	path := flag.String("path", "/hello", "HTTP path to request from the backend ('' to skip)")
	target := flag.String("target", "host", "exec target: host or vm")
	flag.Parse()

	token, err := readToken(*tokenFile)
	if err != nil {
		fail(err)
	}
	endpoint := *addr
	if *unix != "" {
		endpoint = "unix://" + *unix
	}
	conn, err := grpc.NewClient(endpoint,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(bearer(token)))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	ctx := context.Background()

	if *path != "" {
		res, err := ddbridgev1.NewHttpServiceClient(conn).Call(ctx, &ddbridgev1.CallRequest{Method: "GET", Path: *path})
		if err != nil {
			fail(err)
		}
		fmt.Printf("HTTP %d %s: %s\n", res.GetStatus(), res.GetReason(), res.GetBody())
	}

	if flag.NArg() == 0 {
		return
	}
	t := ddbridgev1.Target_TARGET_HOST
	if *target == "vm" {
		t = ddbridgev1.Target_TARGET_VM
	}
	stream, err := ddbridgev1.NewExecClient(conn).Run(ctx, &ddbridgev1.RunRequest{
		Target: t, Command: flag.Arg(0), Args: flag.Args()[1:],
	})
	if err != nil {
		fail(err)
	}
	for {
		ev, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			fail(errors.New("stream ended without an exit status"))
		}
		if err != nil {
			fail(err)
		}
		if out := ev.GetOutput(); out != nil {
			w := os.Stdout
			if out.GetStream() == ddbridgev1.OutputStream_OUTPUT_STREAM_STDERR {
				w = os.Stderr
			}
			w.Write(out.GetData())
		} else if c := ev.GetClose(); c != nil {
			if c.GetSignal() != "" {
				fmt.Fprintf(os.Stderr, "killed by %s\n", c.GetSignal())
			}
			os.Exit(int(c.GetExitCode()))
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-client:", err)
	os.Exit(1)
}
