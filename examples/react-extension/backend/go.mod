module github.com/ddbridge/ddbridge/examples/react-extension/backend

go 1.23

require github.com/coder/websocket v1.8.15
