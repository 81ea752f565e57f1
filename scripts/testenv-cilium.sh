#!/usr/bin/env bash
# Builds the real clustermesh-apiserver (with its clustermesh, kvstoremesh, etcdinit,
# clustermesh-dbg and kvstoremesh-dbg subcommands) from the Cilium version pinned in
# testenv/cilium/go.mod into
#   ${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}/cilium-<version>/clustermesh-apiserver
# and links Cilium's CRDs (pkg/k8s/apis/cilium.io/client/crds from the same module) next to it as
#   .../cilium-<version>/crds/{v2,v2alpha1}/*.yaml
# The test harness (test/env/binaries.ts) finds both there.
# Called by scripts/testenv.sh; runs on its own too. Idempotent: prints nothing when already built.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mod="$repo/testenv/cilium"

command -v go >/dev/null || { echo "testenv-cilium: go is required to build clustermesh-apiserver" >&2; exit 1; }

version="$(cd "$mod" && go list -m -f '{{.Version}}' github.com/cilium/cilium)"
dir="${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}/cilium-$version"
mkdir -p "$dir"

# One build at a time per cache directory.
exec 9>"$dir/.lock"
flock 9

# The CRDs: copied (not linked) out of the module cache, which `go clean -modcache` may empty.
if [[ ! -f "$dir/crds/.complete" ]]; then
  src="$(cd "$mod" && go mod download -json github.com/cilium/cilium | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$src/pkg/k8s/apis/cilium.io/client/crds" ]] || { echo "testenv-cilium: no CRDs under $src" >&2; exit 1; }
  rm -rf "$dir/crds" && mkdir -p "$dir/crds"
  for v in v2 v2alpha1; do
    mkdir -p "$dir/crds/$v"
    cp "$src/pkg/k8s/apis/cilium.io/client/crds/$v/"*.yaml "$dir/crds/$v/"
  done
  chmod -R u+w "$dir/crds"
  touch "$dir/crds/.complete"
  echo "testenv-cilium: copied cilium $version CRDs into $dir/crds"
fi

[[ -x "$dir/clustermesh-apiserver" ]] && exit 0

echo "testenv-cilium: building clustermesh-apiserver $version into $dir ..."
start=$SECONDS
# -p: the machine is shared (2 cores); the version ldflag is how cilium's Makefile stamps it.
(cd "$mod" && GOFLAGS="${GOFLAGS:-} -trimpath" CGO_ENABLED=0 \
  go build -p "${TESTENV_GO_PARALLEL:-2}" \
  -ldflags="-s -w -X github.com/cilium/cilium/pkg/version.ciliumVersion=${version#v}" \
  -o "$dir/.clustermesh-apiserver.tmp" github.com/cilium/cilium/clustermesh-apiserver)
mv "$dir/.clustermesh-apiserver.tmp" "$dir/clustermesh-apiserver"
echo "testenv-cilium: built clustermesh-apiserver in $((SECONDS - start))s ($(du -h "$dir/clustermesh-apiserver" | cut -f1))"
