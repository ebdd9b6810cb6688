// Command error-parity makes one of error-parity.spec.ts's calls with grpc-go
// or connect-go and prints what a program sees, as one JSON line:
// {"code","message"} for an RPC error, {"status"} for an HTTP answer,
// {"exit"} for a command's end.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/ddbridge/ddbridge/packages/client-go/ddbridge"
	ddbridgev1 "github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1"
	"github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1/ddbridgev1connect"
	"google.golang.org/grpc/status"
)

func main() {
	addr := flag.String("addr", "", "daemon address")
	token := flag.String("token", "", "bearer token ('' for none)")
	client := flag.String("client", "grpc-go", "grpc-go or connect-go")
	path := flag.String("path", "", "HttpService.Call this path")
	timeout := flag.Duration("timeout", 30*time.Second, "the call's deadline")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	run := &ddbridgev1.RunRequest{Target: ddbridgev1.Target_TARGET_HOST}
	if flag.NArg() > 0 {
		run.Command, run.Args = flag.Arg(0), flag.Args()[1:]
	}
	var (
		res  *ddbridgev1.CallResponse
		exit ddbridge.Exit
		err  error
	)
	if *client == "connect-go" {
		httpClient, base, e := ddbridge.HTTPClient(*addr)
		must(e)
		opts := []connect.ClientOption{connect.WithGRPC()}
		if *token != "" {
			opts = append(opts, connect.WithInterceptors(ddbridge.BearerInterceptor(*token)))
		}
		if *path != "" {
			var r *connect.Response[ddbridgev1.CallResponse]
			r, err = ddbridgev1connect.NewHttpServiceClient(httpClient, base, opts...).Call(ctx, connect.NewRequest(&ddbridgev1.CallRequest{Method: "GET", Path: *path}))
			if err == nil {
				res = r.Msg
			}
		} else {
			exit, err = ddbridge.ExecConnect(ctx, ddbridgev1connect.NewExecClient(httpClient, base, opts...), run, io.Discard, io.Discard)
		}
	} else {
		conn, e := ddbridge.Dial(*addr, *token)
		must(e)
		defer conn.Close()
		if *path != "" {
			res, err = ddbridgev1.NewHttpServiceClient(conn).Call(ctx, &ddbridgev1.CallRequest{Method: "GET", Path: *path})
		} else {
			exit, err = ddbridge.Exec(ctx, ddbridgev1.NewExecClient(conn), run, io.Discard, io.Discard)
		}
	}
	switch {
	case err != nil:
		print(codeAndMessage(err))
	case res != nil:
		print(map[string]any{"status": res.GetStatus()})
	default:
		print(map[string]any{"exit": exit.Code})
	}
}

var upper = regexp.MustCompile(`([a-z])([A-Z])`)

func codeAndMessage(err error) map[string]any {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return map[string]any{"code": ce.Code().String(), "message": ce.Message()}
	}
	s := status.Convert(err)
	code := strings.ToLower(upper.ReplaceAllString(s.Code().String(), "${1}_${2}"))
	return map[string]any{"code": code, "message": s.Message()}
}

func print(v map[string]any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
