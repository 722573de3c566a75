#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages CityLedger needs, and only those that are missing.
#   .ci/deps.sh build   compile (cgo: OpenGL/X11 headers for Fyne, PROJ for geodesy)
#   .ci/deps.sh run     build + the CJK font the window needs
#   .ci/deps.sh test    run + Xvfb for the real-window smoke test, PostgreSQL server
#   .ci/deps.sh dist    make dist: mingw-w64 (posix threads) and cmake for PROJ on Windows,
#                       debootstrap for the bullseye build root, Debian's proj-data, zip
#   .ci/deps.sh prove   dist + what runs the packages here: wine, qemu-user-static, Xvfb
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev xorg-dev libproj-dev proj-data)
run=(fonts-noto-cjk)
test=(xvfb xauth postgresql unzip)
dist=(gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix cmake make sqlite3 tcl dpkg-dev
  debootstrap binutils unzip proj-data git)
prove=(wine wine64 qemu-user-static xvfb xauth imagemagick fonts-wqy-microhei file)

want=("${build[@]}")
case "${1:-build}" in
  build) ;;
  run) want+=("${run[@]}") ;;
  test) want+=("${run[@]}" "${test[@]}") ;;
  dist) want+=("${dist[@]}") ;;
  prove) want+=("${dist[@]}" "${prove[@]}") ;;
  *) echo "usage: $0 build|run|test|dist|prove" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing missing packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null && [ ! -x /usr/local/go/bin/go ]; then
  echo "Go is missing: install Go 1.26 (https://go.dev/doc/install) into /usr/local/go, then run make again." >&2
  exit 1
fi
