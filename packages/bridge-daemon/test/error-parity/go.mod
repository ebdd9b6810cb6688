module github.com/ddbridge/ddbridge/packages/bridge-daemon/test/error-parity

go 1.24.0

require (
	connectrpc.com/connect v1.19.1
	github.com/ddbridge/ddbridge/packages/client-go v0.0.0
	google.golang.org/grpc v1.78.0
)

require (
	golang.org/x/net v0.47.0 // indirect
	golang.org/x/sys v0.38.0 // indirect
	golang.org/x/text v0.31.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20251029180050-ab9386a59fda // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)

replace github.com/ddbridge/ddbridge/packages/client-go => ../../../client-go
