#!/usr/bin/env bash
# The real-window smoke test: the desktop app renders every main screen under Xvfb,
# in Chinese and English, on the demo district; each PNG must exist and not be blank.
set -euo pipefail
app=$1
out=$(mktemp -d /tmp/cityledger-smoke.XXXXXX)
trap 'rm -rf "$out"' EXIT
for lang in zh en; do
  # A fresh default-location database per language proves the first-start demo load.
  XDG_DATA_HOME="$out/data-$lang" timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$app" --screenshot "$out/$lang" --lang "$lang"
done
go run ./scripts/checkshots "$out/zh" "$out/en"
