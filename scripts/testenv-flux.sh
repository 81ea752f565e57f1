#!/usr/bin/env bash
# Builds the real flux CLI that the substitution oracle tests compare against (`flux envsubst`,
# `flux build kustomization`), from the version pinned in testenv/flux/go.mod, into
#   ${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}/flux-<version>/flux
# Called by scripts/testenv.sh; runs on its own too. Idempotent: prints nothing when already built.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mod="$repo/testenv/flux"

command -v go >/dev/null || { echo "testenv-flux: go is required to build the flux CLI" >&2; exit 1; }

version="$(cd "$mod" && go list -m -f '{{.Version}}' github.com/fluxcd/flux2/v2)"
dir="${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}/flux-$version"
mkdir -p "$dir"

# One build at a time per cache directory.
exec 9>"$dir/.lock"
flock 9
[[ -x "$dir/flux" ]] && exit 0

echo "testenv-flux: building flux $version into $dir ..."
start=$SECONDS
# cmd/flux embeds manifests/*.yaml, which flux's Makefile generates (from GitHub) before release
# builds and the module zip lacks. Only `flux install`/`bootstrap` read them, so the build runs
# from a vendored copy of the module with one placeholder there instead of downloading anything.
work="$dir/.build"
rm -rf "$work" && mkdir -p "$work"
cp "$mod/go.mod" "$mod/go.sum" "$work/"
(cd "$work" && go mod vendor -e 2>/dev/null)  # -e: the missing embed is added below
mkdir -p "$work/vendor/github.com/fluxcd/flux2/v2/cmd/flux/manifests"
echo "# placeholder: kubectl-mesh builds flux only for envsubst/build" \
  > "$work/vendor/github.com/fluxcd/flux2/v2/cmd/flux/manifests/placeholder.yaml"
# -p 1: the machine is shared; flux's VERSION is normally set by goreleaser the same way.
(cd "$work" && GOFLAGS="-mod=vendor -trimpath" CGO_ENABLED=0 \
  go build -p "${TESTENV_GO_PARALLEL:-1}" -ldflags="-s -w -X main.VERSION=${version#v}" \
  -o "$dir/.flux.tmp" github.com/fluxcd/flux2/v2/cmd/flux)
rm -rf "$work"
mv "$dir/.flux.tmp" "$dir/flux"
echo "testenv-flux: built flux in $((SECONDS - start))s ($(du -h "$dir/flux" | cut -f1))"
