#!/usr/bin/env bash
# Installs zsh and fish (Debian's packages) for the end-to-end tests of the completion scripts in real shells.
# Called by scripts/testenv.sh; idempotent: prints nothing when both are there.
set -euo pipefail

missing=()
command -v zsh >/dev/null || missing+=(zsh)
command -v fish >/dev/null || missing+=(fish)
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "testenv-shells: installing ${missing[*]} ..."
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "testenv-shells: installed ${missing[*]}"
