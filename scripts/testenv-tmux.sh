#!/usr/bin/env bash
# Installs tmux (Debian's package) for the tests that drive `kubectl mesh init` through a real
# pseudo-terminal (tmux send-keys + capture-pane). Called by scripts/testenv.sh; runs on its own too.
# Idempotent: prints nothing when tmux is already there.
set -euo pipefail

command -v tmux >/dev/null && exit 0

echo "testenv-tmux: installing tmux ..."
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq tmux >/dev/null
echo "testenv-tmux: installed $(tmux -V)"
