package ddbridge

import (
	"context"
	"io"

	ddbridgev1 "github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1"
	"github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1/ddbridgev1connect"
)

// Session runs start through a grpc-go Exec client's bidi Session, the way
// `docker exec -i` does: stdin is copied to the command as it is read (its
// end is the command's end of input), output is written to stdout and stderr
// in order, and the command's exit is returned. A nil stdin sends no input
// and leaves the command's stdin open until it exits or ctx ends. Set
// start.Tty for a terminal; resize and signals are SessionRequest messages
// a caller sends on its own stream (see Exec.Session in exec.proto).
func Session(ctx context.Context, client ddbridgev1.ExecClient, start *ddbridgev1.SessionStart, stdin io.Reader, stdout, stderr io.Writer) (Exit, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.Session(ctx)
	if err != nil {
		return Exit{}, err
	}
	return converse(start, stdin, stdout, stderr, stream.Send, stream.CloseSend, stream.Recv)
}

// SessionConnect is Session for a connect-go Exec client (gRPC or Connect
// over HTTP/2: a bidi stream needs it, as HTTPClient's transport has).
func SessionConnect(ctx context.Context, client ddbridgev1connect.ExecClient, start *ddbridgev1.SessionStart, stdin io.Reader, stdout, stderr io.Writer) (Exit, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream := client.Session(ctx)
	defer stream.CloseResponse()
	return converse(start, stdin, stdout, stderr, stream.Send, stream.CloseRequest, stream.Receive)
}

// converse sends start, feeds stdin in the background, and drains the
// answers; send, closeSend and recv are the client library's own.
func converse(
	start *ddbridgev1.SessionStart,
	stdin io.Reader,
	stdout, stderr io.Writer,
	send func(*ddbridgev1.SessionRequest) error,
	closeSend func() error,
	recv func() (*ddbridgev1.SessionResponse, error),
) (Exit, error) {
	if err := send(&ddbridgev1.SessionRequest{Event: &ddbridgev1.SessionRequest_Start{Start: start}}); err != nil {
		return Exit{}, err
	}
	if stdin != nil {
		go feed(stdin, send, closeSend)
	}
	return drain(func() (*ddbridgev1.RunResponse, error) {
		res, err := recv()
		if err != nil {
			return nil, err
		}
		// SessionResponse carries Run's events under the same names.
		switch ev := res.GetEvent().(type) {
		case *ddbridgev1.SessionResponse_Output:
			return &ddbridgev1.RunResponse{Event: &ddbridgev1.RunResponse_Output{Output: ev.Output}}, nil
		case *ddbridgev1.SessionResponse_Close:
			return &ddbridgev1.RunResponse{Event: &ddbridgev1.RunResponse_Close{Close: ev.Close}}, nil
		}
		return &ddbridgev1.RunResponse{}, nil
	}, stdout, stderr)
}

// feed copies stdin into input messages, then closes the request side (the
// command's end of input). A send fails only once the call is over; the copy
// then stops.
func feed(stdin io.Reader, send func(*ddbridgev1.SessionRequest) error, closeSend func() error) {
	buf := make([]byte, 32*1024)
	for {
		n, err := stdin.Read(buf)
		if n > 0 {
			data := append([]byte(nil), buf[:n]...)
			if send(&ddbridgev1.SessionRequest{Event: &ddbridgev1.SessionRequest_Input{Input: data}}) != nil {
				return
			}
		}
		if err != nil {
			// io.EOF or a read error: either way no more input comes.
			_ = closeSend()
			return
		}
	}
}
