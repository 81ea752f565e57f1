//go:build tools

// Keeps cmd/helm in the module graph so `go mod tidy` records its dependencies.
package tools

import _ "helm.sh/helm/v3/cmd/helm"
