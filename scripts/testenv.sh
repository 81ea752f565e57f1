#!/usr/bin/env bash
# Installs the real servers the tests run (npm run testenv):
#   - kube-apiserver and etcd, built from the versions pinned in testenv/kube/go.mod into a cache
#     outside the work tree, and linked into the repo as .testenv (git-ignored);
#   - dnsmasq (Debian dnsmasq-base) when it is missing;
#   - whatever every scripts/testenv-*.sh adds (they get TESTENV_BIN, the bin dir to install into).
# Idempotent: prints nothing when everything is already there.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mod="$repo/testenv/kube"

command -v go >/dev/null || { echo "testenv: go is required to build kube-apiserver and etcd" >&2; exit 1; }

# Versions come from the module itself, so the cache key changes whenever the pins do.
pinned() { (cd "$mod" && go list -m -f '{{.Version}}' "$1"); }
kube_version="$(pinned k8s.io/kubernetes)"
etcd_version="$(pinned go.etcd.io/etcd/server/v3)"

cache_root="${KUBECTL_MESH_TESTENV:-$HOME/.cache/kubectl-mesh/testenv}"
bin="$cache_root/kube-$kube_version-etcd-$etcd_version/bin"
mkdir -p "$bin"

# One build at a time per cache: CI and a developer shell may both run this.
exec 9>"$bin/.lock"
flock 9

build() { # name package extra-ldflags
  local name="$1" pkg="$2" extra="${3:-}"
  [[ -x "$bin/$name" ]] && return 0
  echo "testenv: building $name ($pkg) into $bin ..."
  local start=$SECONDS
  (cd "$mod" && GOFLAGS="${GOFLAGS:-} -trimpath" CGO_ENABLED=0 \
    go build -ldflags="-s -w $extra" -o "$bin/.$name.tmp" "$pkg")
  mv "$bin/.$name.tmp" "$bin/$name"
  echo "testenv: built $name in $((SECONDS - start))s ($(du -h "$bin/$name" | cut -f1))"
}

minor="${kube_version#v1.}"; minor="${minor%%.*}"
build etcd go.etcd.io/etcd/server/v3
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver \
  "-X k8s.io/component-base/version.gitVersion=$kube_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"

# The harness looks for the binaries under .testenv/ in the repo.
if [[ "$(readlink "$repo/.testenv" 2>/dev/null || true)" != "$bin" ]]; then
  if [[ -e "$repo/.testenv" && ! -L "$repo/.testenv" ]]; then
    echo "testenv: $repo/.testenv exists and is not a symlink; remove it and rerun" >&2; exit 1
  fi
  ln -sfn "$bin" "$repo/.testenv"
  echo "testenv: .testenv -> $bin"
fi

if ! command -v dnsmasq >/dev/null; then
  echo "testenv: installing dnsmasq-base ..."
  sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dnsmasq-base >/dev/null
  echo "testenv: installed $(dnsmasq --version | head -1)"
fi

export TESTENV_BIN="$bin"
for extra in "$repo"/scripts/testenv-*.sh; do
  [[ -e "$extra" ]] || continue
  bash "$extra"
done
