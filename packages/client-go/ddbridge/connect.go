package ddbridge

import (
	"context"
	"net"
	"net/http"

	"connectrpc.com/connect"
)

// HTTPClient is what connect-go's generated constructors take: an
// *http.Client speaking HTTP/2 without TLS (h2c) to a daemon at target, and
// the base URL to pass beside it. Add connect.WithGRPC() for gRPC, or leave
// it out for the Connect protocol.
func HTTPClient(target string) (*http.Client, string, error) {
	ep, err := parseEndpoint(target)
	if err != nil {
		return nil, "", err
	}
	transport := &http.Transport{}
	protocols := new(http.Protocols)
	protocols.SetUnencryptedHTTP2(true)
	transport.Protocols = protocols
	base := "http://" + ep.tcp
	if ep.unix != "" {
		path := ep.unix
		transport.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", path)
		}
		base = "http://localhost"
	}
	return &http.Client{Transport: transport}, base, nil
}

// BearerInterceptor is connect-go's interceptor that sends a daemon's token
// with every call, unary and streaming.
func BearerInterceptor(token string) connect.Interceptor {
	return bearerInterceptor("Bearer " + token)
}

type bearerInterceptor string

func (b bearerInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		req.Header().Set("Authorization", string(b))
		return next(ctx, req)
	}
}

func (b bearerInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set("Authorization", string(b))
		return conn
	}
}

func (bearerInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
