#!/usr/bin/env bash
# make dist: the Windows zip, the amd64 and arm64 .debs and SHA256SUMS in dist/.
#   .ci/dist/build.sh               build everything (installs missing toolchains first)
#   .ci/dist/build.sh --dry-run DIR assemble the packages from stand-in programs into DIR
#                                   (no cross compiler; ledgerctl's man pages come from a
#                                   native go build; what `make test` checks, see check.sh)
#   .ci/dist/build.sh --step windows|linux-amd64|linux-arm64   one compile step alone
# Times of the steps go to dist/build-times.txt.
source "$(dirname "$0")/lib.sh"
source "$DIST_DIR/package.sh"

if [ "${1:-}" = --dry-run ]; then
  out=${2:?usage: build.sh --dry-run DIR}
  mkdir -p "$out/bin-windows" "$out/bin-linux" "$out/proj"
  for f in cityledger.exe ledgerctl.exe; do echo "stand-in $f" >"$out/bin-windows/$f"; done
  for f in cityledger ledgerctl; do printf '#!/bin/sh\necho stand-in %s\n' "$f" >"$out/bin-linux/$f"; done
  echo "stand-in proj.db" >"$out/proj/proj.db"
  PROJ_VERSION=9.9.9 GLIBC_MIN=2.28
  package_zip "$out/bin-windows" "$out/proj" "$out"
  # The man pages and completion come from a real ledgerctl, built for this machine.
  (cd "$REPO" && go build -o "$out/native/ledgerctl" ./cmd/ledgerctl) || die "go build ./cmd/ledgerctl"
  cli_docs "$out/native/ledgerctl" "$out/cli-docs"
  for arch in amd64 arm64; do package_deb "$arch" "$out/bin-linux" "$out/proj" "$out" "$out/cli-docs"; done
  write_sums "$out"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "make dist needs root (debootstrap, chroot, bind mounts)"
start_all=$(date +%s)
mkdir -p "$REPO/dist"
if [ "${1:-}" != --step ]; then
  export DIST_TIMES=$REPO/dist/build-times.txt
  : >"$DIST_TIMES"
fi
timed "toolchains (deps.sh dist)" "$REPO/.ci/deps.sh" dist
out=$REPO/dist
stage=$CACHE/stage
mkdir -p "$out" "$stage"

proj_src=$("$DIST_DIR/sources.sh" proj)
PROJ_VERSION=$(basename "$proj_src" | sed 's/^proj-//')
data_version=$(dpkg-query -W -f='${Version}' proj-data | sed 's/-[^-]*$//')
[ "$data_version" = "$PROJ_VERSION" ] || die "proj-data $data_version does not match the PROJ source $PROJ_VERSION"
PROJ_DATA_DIR=/usr/share/proj
LDFLAGS_VERSION=$(ldflags_version)
log "CityLedger $VERSION ($(commit_id)), PROJ $PROJ_VERSION"
(cd "$REPO" && go mod download)

# --- Windows: mingw-w64 on this machine, PROJ static from $CACHE/mingw.
build_windows() {
  local pc
  pc=$("$DIST_DIR/proj-mingw.sh")
  rm -rf "$stage/windows" && mkdir -p "$stage/windows"
  # Icon and version resource (Explorer, file properties): a .syso beside each main
  # package for the time of the build; Go links *_windows_amd64.syso into Windows builds only.
  local exe tmp
  tmp=$(mktemp -d)
  (cd "$REPO" && go run ./.ci/dist/winicon -o "$tmp/icon.ico" "$APP_ICON")
  trap 'rm -f "$REPO"/cmd/*/zz_dist_windows_amd64.syso' RETURN
  for exe in cityledger ledgerctl; do
    EXE=$exe VERSION_COMMAS="$(echo "$VERSION" | tr . ,),$(toml_get Details Build)" fill windows.rc >"$tmp/$exe.rc"
    x86_64-w64-mingw32-windres -c 65001 -I "$tmp" -i "$tmp/$exe.rc" -O coff -o "$REPO/cmd/$exe/zz_dist_windows_amd64.syso"
  done
  rm -rf "$tmp"
  local env=(CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc-posix CXX=x86_64-w64-mingw32-g++-posix
    PKG_CONFIG_PATH="$pc" PKG_CONFIG_LIBDIR="$pc")
  (cd "$REPO" && env "${env[@]}" go build -trimpath -buildvcs=false -o "$stage/windows/ledgerctl.exe" \
    -ldflags "-s -w $LDFLAGS_VERSION -extldflags -static" ./cmd/ledgerctl)
  (cd "$REPO" && env "${env[@]}" go build -trimpath -buildvcs=false -o "$stage/windows/cityledger.exe" \
    -ldflags "-s -w -H=windowsgui $LDFLAGS_VERSION -extldflags -static" ./cmd/cityledger)
}

# --- Linux: inside the bullseye build root (glibc 2.31), amd64 natively, arm64 with
# Debian's aarch64 cross compiler and the :arm64 libraries.
build_linux() { # ARCH
  local arch=$1 cc=gcc triple=x86_64-linux-gnu prefix
  [ "$arch" = arm64 ] && cc=aarch64-linux-gnu-gcc triple=aarch64-linux-gnu
  prefix=/opt/proj-$PROJ_VERSION-$arch
  # PROJ's generated proj.pc names shared libraries: this one links it statically, with
  # libstdc++ inside the program, so the package needs no C++ runtime.
  mkdir -p "$BUILD_ROOT$prefix/lib/pkgconfig-static"
  cat >"$BUILD_ROOT$prefix/lib/pkgconfig-static/proj.pc" <<PC
Name: PROJ
Description: PROJ $PROJ_VERSION static
Version: $PROJ_VERSION
Cflags: -I$prefix/include
Libs: $prefix/lib/libproj.a /usr/lib/$triple/libsqlite3.a $(in_root "${cc/gcc/g++}" -print-file-name=libstdc++.a) -lm -lpthread -ldl
PC
  mkdir -p "$BUILD_ROOT/opt/compat"
  cp "$DIST_DIR/glibc-compat.c" "$BUILD_ROOT/opt/compat/glibc-compat.c"
  in_root "$cc" -O2 -fPIC -c /opt/compat/glibc-compat.c -o "/opt/compat/glibc-compat-$arch.o"
  local ldflags="-static-libgcc /opt/compat/glibc-compat-$arch.o -Wl,--wrap=exp -Wl,--wrap=log -Wl,--wrap=pow -lm"
  rm -rf "$stage/linux-$arch" && mkdir -p "$stage/linux-$arch" "$CACHE/gocache-$BUILD_SUITE"
  trap umount_all EXIT
  mount_into_root /usr/local/go /usr/local/go ro
  mount_into_root "$(go env GOMODCACHE)" /gomod
  mount_into_root "$REPO" /src ro
  mount_into_root "$CACHE/gocache-$BUILD_SUITE" /gocache
  mount_into_root "$stage/linux-$arch" /out
  mount_into_root /dev /dev
  mount_into_root /proc /proc
  local p
  for p in ledgerctl cityledger; do
    in_root sh -c "cd /src && GOCACHE=/gocache GOMODCACHE=/gomod GOFLAGS=-mod=readonly GOPROXY=off GOTOOLCHAIN=local \
      CGO_ENABLED=1 GOOS=linux GOARCH=$arch CC=$cc CXX=${cc/gcc/g++} CGO_LDFLAGS='$ldflags' \
      PKG_CONFIG_PATH=$prefix/lib/pkgconfig-static PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig-static:/usr/lib/$triple/pkgconfig:/usr/share/pkgconfig \
      go build -trimpath -buildvcs=false -o /out/$p -ldflags '-s -w $LDFLAGS_VERSION' ./cmd/$p"
  done
  umount_all
}

if [ "${1:-}" = --step ]; then
  case "${2:-}" in
    windows) build_windows ;;
    linux-amd64) build_linux amd64 ;;
    linux-arm64) build_linux arm64 ;;
    *) die "usage: build.sh --step windows|linux-amd64|linux-arm64" ;;
  esac
  exit 0
fi

timed "windows: PROJ (mingw)" "$DIST_DIR/proj-mingw.sh" >/dev/null
timed "windows: go build" build_windows
timed "linux: build root + PROJ" "$DIST_DIR/buildroot.sh"
timed "linux/amd64: go build" build_linux amd64
timed "linux/arm64: go build" build_linux arm64

check_needed "$stage"/linux-*/* || die "fix templates/deb-control's Depends and check_needed"
GLIBC_MIN=$(glibc_min "$stage"/linux-*/*)
log "the Linux programs need glibc >= $GLIBC_MIN"
rm -f "$out"/*.zip "$out"/*.deb "$out"/SHA256SUMS
timed "package: zip" package_zip "$stage/windows" "$PROJ_DATA_DIR" "$out"
timed "ledgerctl: man pages, completion" cli_docs "$stage/linux-amd64/ledgerctl" "$stage/cli-docs"
timed "package: deb amd64" package_deb amd64 "$stage/linux-amd64" "$PROJ_DATA_DIR" "$out" "$stage/cli-docs"
timed "package: deb arm64" package_deb arm64 "$stage/linux-arm64" "$PROJ_DATA_DIR" "$out" "$stage/cli-docs"
write_sums "$out"
printf '%-28s %4ds\n' "total" $(($(date +%s) - start_all)) >>"$DIST_TIMES"
log "done:"
(cd "$out" && ls -l --block-size=K -- *.zip *.deb SHA256SUMS && cat SHA256SUMS) >&2
