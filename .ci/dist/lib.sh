# Shared by the .ci/dist scripts (sourced, not run).
# Expensive builds (PROJ for mingw, the bullseye build root with PROJ for amd64 and arm64)
# live in $CACHE, outside the repository, so that a second `make dist` reuses them.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIST_DIR=$REPO/.ci/dist
if [ -n "${CITYLEDGER_DIST_CACHE:-}" ]; then
  CACHE=$CITYLEDGER_DIST_CACHE
elif [ "$(id -u)" -eq 0 ]; then
  CACHE=/var/cache/cityledger-dist
else
  CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/cityledger-dist
fi
export PATH=/usr/local/go/bin:$PATH
# File times inside the packages: the commit's, so that a rebuild gives the same bytes.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH

# The Debian release whose glibc the Linux packages are built against: the oldest that
# Debian's own mirror still serves (buster moved to the archive).
BUILD_SUITE=bullseye
BUILD_ROOT=$CACHE/$BUILD_SUITE-root

log() { printf '[dist %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'dist: %s\n' "$*" >&2; exit 1; }

# toml_get SECTION KEY: a string or number value of FyneApp.toml ("" section = top level).
toml_get() {
  awk -v want_sec="$1" -v want_key="$2" '
    /^[[:space:]]*\[/ { sec = $0; gsub(/[][[:space:]]/, "", sec); next }
    sec == want_sec {
      line = $0
      if (match(line, "^[[:space:]]*" want_key "[[:space:]]*=")) {
        v = substr(line, RLENGTH + 1)
        gsub(/^[[:space:]]*"?|"?[[:space:]]*$/, "", v)
        print v; exit
      }
    }' "$REPO/FyneApp.toml"
}

VERSION=$(toml_get Details Version)
APP_NAME=$(toml_get Details Name)
APP_ID=$(toml_get Details ID)
APP_ICON=$(toml_get Details Icon)
WEBSITE=$(toml_get "" Website)
[ -n "$VERSION" ] || die "no [Details] Version in FyneApp.toml"

# The commit the packages are built from; "+changes" when the work tree differs from it.
commit_id() {
  local c
  c=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null) || { echo unknown; return; }
  if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    c="$c+changes"
  fi
  echo "$c"
}

# ldflags_version: the -X flags that give both programs their version and commit.
ldflags_version() {
  echo "-X cityledger/domain/version.Number=$VERSION -X cityledger/domain/version.Commit=$(commit_id)"
}

# The Debian mirror the machine is configured with (deb822 or one-line sources).
debian_mirror() {
  local m
  m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)
  [ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# Host Debian suite (bookworm here): the PROJ source and proj-data come from it.
host_suite() { . /etc/os-release; echo "$VERSION_CODENAME"; }

# Bind mounts into the build root, undone on exit (also when a step fails).
MOUNTS=()
mount_into_root() { # SRC DEST [ro]
  mkdir -p "$BUILD_ROOT$2"
  mount --bind "$1" "$BUILD_ROOT$2"
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$BUILD_ROOT$2"
  MOUNTS+=("$BUILD_ROOT$2")
}
umount_all() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  MOUNTS=()
}
in_root() { chroot "$BUILD_ROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/go/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# timed NAME CMD…: runs CMD and records how long it took in $DIST_TIMES.
DIST_TIMES=${DIST_TIMES:-/dev/null}
timed() {
  local name=$1 start end
  shift
  start=$(date +%s)
  "$@"
  end=$(date +%s)
  printf '%-28s %4ds\n' "$name" $((end - start)) >>"$DIST_TIMES"
  log "$name took $((end - start))s"
}
