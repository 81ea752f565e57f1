//go:build tools

// Package tools records the binary this module exists to build, so that `go mod tidy` keeps
// its dependencies in go.sum. clustermesh-dbg and kvstoremesh-dbg are subcommands of it.
package tools

import (
	_ "github.com/cilium/cilium/clustermesh-apiserver"
)
