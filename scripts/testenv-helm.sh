#!/usr/bin/env bash
# Builds the real helm CLI that the chart oracle test (test/mesh/chart-oracle.test.ts) runs, from the
# version pinned in testenv/helm/go.mod, and makes the Cilium charts listed in testenv/helm/cilium-charts.txt
# available next to it:
#   ${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}/helm-<version>/helm
#   ${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}/helm-<version>/charts/cilium-<version> -> the chart
#     in the Go module cache (github.com/cilium/cilium@<version>/install/kubernetes/cilium, read-only; helm
#     template only reads it)
# Called by scripts/testenv.sh; runs on its own too. Idempotent: prints nothing when everything is there.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mod="$repo/testenv/helm"

command -v go >/dev/null || { echo "testenv-helm: go is required to build helm" >&2; exit 1; }

version="$(cd "$mod" && go list -m -f '{{.Version}}' helm.sh/helm/v3)"
dir="${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}/helm-$version"
mkdir -p "$dir/charts"

# One build at a time per cache directory.
exec 9>"$dir/.lock"
flock 9

if [[ ! -x "$dir/helm" ]]; then
  echo "testenv-helm: building helm $version into $dir ..."
  start=$SECONDS
  # -p 1: the machine is shared. helm's Makefile sets the version the same way.
  (cd "$mod" && GOFLAGS="${GOFLAGS:-} -trimpath" CGO_ENABLED=0 \
    go build -p "${TESTENV_GO_PARALLEL:-1}" \
    -ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$version" \
    -o "$dir/.helm.tmp" helm.sh/helm/v3/cmd/helm)
  mv "$dir/.helm.tmp" "$dir/helm"
  echo "testenv-helm: built helm in $((SECONDS - start))s ($(du -h "$dir/helm" | cut -f1))"
fi

while read -r cilium _; do
  [[ -z "$cilium" || "$cilium" == \#* ]] && continue
  link="$dir/charts/cilium-$cilium"
  [[ -f "$link/Chart.yaml" ]] && continue
  echo "testenv-helm: downloading github.com/cilium/cilium@$cilium (the Cilium chart) ..."
  start=$SECONDS
  # Outside any module: a plain download into the module cache, verified against sum.golang.org.
  src="$(cd / && GOFLAGS=-mod=mod go mod download -json "github.com/cilium/cilium@$cilium" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -f "$src/install/kubernetes/cilium/Chart.yaml" ]] ||
    { echo "testenv-helm: no chart at $src/install/kubernetes/cilium" >&2; exit 1; }
  ln -sfn "$src/install/kubernetes/cilium" "$link"
  echo "testenv-helm: cilium chart $cilium in $((SECONDS - start))s -> $link"
done < "$mod/cilium-charts.txt"
