module github.com/ddbridge/ddbridge/examples/react-extension/backend

go 1.22
