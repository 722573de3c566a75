#!/usr/bin/env bash
# Debian source packages of the host's suite, unpacked once into $CACHE/src:
#   .ci/dist/sources.sh proj|sqlite3    prints the unpacked source folder
# Enables the deb-src entry of the configured Debian suite when it is missing.
source "$(dirname "$0")/lib.sh"
pkg=${1:?usage: sources.sh PACKAGE}
mkdir -p "$CACHE/src"
found=$(find "$CACHE/src" -maxdepth 1 -type d -name "$pkg-[0-9]*" | sort -V | tail -1)
if [ -n "$found" ] && [ -e "$found/.stamp" ]; then echo "$found"; exit 0; fi

if ! apt-get source --print-uris -qq "$pkg" >/dev/null 2>&1; then
  list=/etc/apt/sources.list.d/cityledger-deb-src.sources
  log "enabling deb-src for $(host_suite) in $list"
  cat >"$list" <<SRC
Types: deb-src
URIs: $(debian_mirror)
Suites: $(host_suite) $(host_suite)-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get -o DPkg::Lock::Timeout=600 update -qq
fi
( cd "$CACHE/src" && apt-get source -qq "$pkg" >"$CACHE/src/$pkg.log" 2>&1 ) || die "apt-get source $pkg failed: see $CACHE/src/$pkg.log"
found=$(find "$CACHE/src" -maxdepth 1 -type d -name "$pkg-[0-9]*" | sort -V | tail -1)
[ -n "$found" ] || die "apt-get source $pkg unpacked nothing"
touch "$found/.stamp"
echo "$found"
