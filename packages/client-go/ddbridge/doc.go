// Package ddbridge calls a ddbridge daemon from Go: the token lookup of
// ddbridge's own clients, a grpc-go connection or a connect-go HTTP client to
// a daemon's address or unix socket, and Exec.Run with its exit code.
//
// The generated stubs are in the sibling packages
// github.com/ddbridge/ddbridge/packages/client-go/gen/ddbridge/v1 (grpc-go,
// package ddbridgev1) and .../gen/ddbridge/v1/ddbridgev1connect (connect-go).
package ddbridge
