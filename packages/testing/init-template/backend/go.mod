module github.com/my-org/my-extension

go 1.21
