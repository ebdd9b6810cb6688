module github.com/ddbridge/ddbridge/examples/hello-extension/backend-go

go 1.22
