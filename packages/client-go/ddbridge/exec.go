package ddbridge

import (
	"context"
	"errors"
	"io"

	"connectrpc.com/connect"
	ddbridgev1 "github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1"
	"github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1/ddbridgev1connect"
)

// Exit is how a command ended: its exit code, or the signal that killed it.
// A command that ran is never an error: a non-zero Code is the command's
// answer, as with os/exec's ExitError, and the caller decides.
type Exit struct {
	Code   int
	Signal string
}

// ErrNoExit is returned when a stream ends without the command's Close: the
// exit status was lost, so the output may be incomplete.
var ErrNoExit = errors.New("ddbridge: the command's stream ended without an exit status")

// Exec runs req through a grpc-go Exec client, writes its output to stdout
// and stderr in order as it comes, and returns how it ended. The call's
// deadline and cancellation are ctx's: the daemon ends the command with them.
func Exec(ctx context.Context, client ddbridgev1.ExecClient, req *ddbridgev1.RunRequest, stdout, stderr io.Writer) (Exit, error) {
	stream, err := client.Run(ctx, req)
	if err != nil {
		return Exit{}, err
	}
	return drain(stream.Recv, stdout, stderr)
}

// ExecConnect is Exec for a connect-go Exec client.
func ExecConnect(ctx context.Context, client ddbridgev1connect.ExecClient, req *ddbridgev1.RunRequest, stdout, stderr io.Writer) (Exit, error) {
	stream, err := client.Run(ctx, connect.NewRequest(req))
	if err != nil {
		return Exit{}, err
	}
	defer stream.Close()
	next := func() (*ddbridgev1.RunResponse, error) {
		if stream.Receive() {
			return stream.Msg(), nil
		}
		if err := stream.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	return drain(next, stdout, stderr)
}

func drain(next func() (*ddbridgev1.RunResponse, error), stdout, stderr io.Writer) (Exit, error) {
	for {
		res, err := next()
		if errors.Is(err, io.EOF) {
			return Exit{}, ErrNoExit
		}
		if err != nil {
			return Exit{}, err
		}
		switch ev := res.GetEvent().(type) {
		case *ddbridgev1.RunResponse_Output:
			w := stdout
			if ev.Output.GetStream() == ddbridgev1.OutputStream_OUTPUT_STREAM_STDERR {
				w = stderr
			}
			if w != nil {
				if _, err := w.Write(ev.Output.GetData()); err != nil {
					return Exit{}, err
				}
			}
		case *ddbridgev1.RunResponse_Close:
			return Exit{Code: int(ev.Close.GetExitCode()), Signal: ev.Close.GetSignal()}, nil
		}
	}
}
