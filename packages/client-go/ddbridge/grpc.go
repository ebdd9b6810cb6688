package ddbridge

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// bearer sends the token with every call. The daemon listens on loopback or a
// unix socket without TLS, so the credentials must not require security.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearer) RequireTransportSecurity() bool { return false }

// Bearer is grpc-go's per-RPC credentials for a daemon's token.
func Bearer(token string) credentials.PerRPCCredentials { return bearer(token) }

// Dial makes a grpc-go connection to a daemon at target (host:port, an
// http:// URL, or unix:///path/to/daemon.sock) that sends token with every
// call. opts come after the helper's own, so they can override them.
func Dial(target, token string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	ep, err := parseEndpoint(target)
	if err != nil {
		return nil, err
	}
	address := ep.tcp
	if ep.unix != "" {
		address = "unix://" + ep.unix
	}
	return grpc.NewClient(address, append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(Bearer(token)),
	}, opts...)...)
}
