module github.com/ddbridge/ddbridge/packages/testing/backend-go

go 1.22
