// Command go-client calls a ddbridge daemon from Go with the module
// github.com/ddbridge/ddbridge/packages/client-go: it proxies one HTTP request
// to the extension's backend and streams one exec, exiting with the command's
// exit code. -connect uses the connect-go stubs instead of grpc-go's.
//
//	go run . -addr 127.0.0.1:7799 -path /hello -target host hello world
//	go run . -unix /path/to/daemon.sock -target vm ./hello.sh
//	echo hi | go run . -path '' -target vm -stdin cat
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"connectrpc.com/connect"
	"github.com/ddbridge/ddbridge/packages/client-go/ddbridge"
	ddbridgev1 "github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1"
	"github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1/ddbridgev1connect"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7799", "daemon TCP address")
	unix := flag.String("unix", "", "daemon unix socket (instead of -addr)")
	tokenFile := flag.String("token-file", "", "bearer token file (default: DDBRIDGE_TOKEN, else "+ddbridge.TokenFile()+")")
	path := flag.String("path", "/hello", "HTTP path to request from the backend ('' to skip)")
	target := flag.String("target", "host", "exec target: host or vm")
	useConnect := flag.Bool("connect", false, "use connect-go (gRPC protocol) instead of grpc-go")
	withStdin := flag.Bool("stdin", false, "pass this process's stdin to the command (Exec.Session)")
	timeout := flag.Duration("timeout", time.Minute, "deadline of each call")
	flag.Parse()

	token, err := ddbridge.Token()
	if *tokenFile != "" {
		token, err = ddbridge.TokenFromFile(*tokenFile)
	}
	if err != nil {
		fail(err)
	}
	endpoint := *addr
	if *unix != "" {
		endpoint = "unix://" + *unix
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	var http ddbridgev1connect.HttpServiceClient
	var execConnect ddbridgev1connect.ExecClient
	var execGrpc ddbridgev1.ExecClient
	var call func(*ddbridgev1.CallRequest) (*ddbridgev1.CallResponse, error)
	if *useConnect {
		client, base, err := ddbridge.HTTPClient(endpoint)
		if err != nil {
			fail(err)
		}
		opts := []connect.ClientOption{connect.WithGRPC(), connect.WithInterceptors(ddbridge.BearerInterceptor(token))}
		http = ddbridgev1connect.NewHttpServiceClient(client, base, opts...)
		execConnect = ddbridgev1connect.NewExecClient(client, base, opts...)
		call = func(req *ddbridgev1.CallRequest) (*ddbridgev1.CallResponse, error) {
			res, err := http.Call(ctx, connect.NewRequest(req))
			if err != nil {
				return nil, err
			}
			return res.Msg, nil
		}
	} else {
		conn, err := ddbridge.Dial(endpoint, token)
		if err != nil {
			fail(err)
		}
		defer conn.Close()
		execGrpc = ddbridgev1.NewExecClient(conn)
		call = func(req *ddbridgev1.CallRequest) (*ddbridgev1.CallResponse, error) {
			return ddbridgev1.NewHttpServiceClient(conn).Call(ctx, req)
		}
	}

	if *path != "" {
		res, err := call(&ddbridgev1.CallRequest{Method: "GET", Path: *path})
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
	req := &ddbridgev1.RunRequest{Target: t, Command: flag.Arg(0), Args: flag.Args()[1:]}
	var exit ddbridge.Exit
	start := &ddbridgev1.SessionStart{Run: req}
	if *withStdin && *useConnect {
		exit, err = ddbridge.SessionConnect(ctx, execConnect, start, os.Stdin, os.Stdout, os.Stderr)
	} else if *withStdin {
		exit, err = ddbridge.Session(ctx, execGrpc, start, os.Stdin, os.Stdout, os.Stderr)
	} else if *useConnect {
		exit, err = ddbridge.ExecConnect(ctx, execConnect, req, os.Stdout, os.Stderr)
	} else {
		exit, err = ddbridge.Exec(ctx, execGrpc, req, os.Stdout, os.Stderr)
	}
	if err != nil {
		fail(err)
	}
	if exit.Signal != "" {
		fmt.Fprintf(os.Stderr, "killed by %s\n", exit.Signal)
	}
	os.Exit(exit.Code)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-client:", err)
	os.Exit(1)
}
