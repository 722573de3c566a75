#!/usr/bin/env bash
# The Linux build root: a Debian bullseye (glibc 2.31) made with debootstrap, with the
# GL/X11 development packages for amd64 and, through multiarch, arm64, Debian's aarch64
# cross compiler, and PROJ built static for both from the PROJ source the Windows build
# uses (no TIFF, no curl). Kept in $CACHE; every step is skipped when its stamp exists.
#   .ci/dist/buildroot.sh            make or complete the build root
source "$(dirname "$0")/lib.sh"

PKGS_AMD64=(build-essential cmake pkg-config sqlite3 libsqlite3-dev
  libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
PKGS_ARM64=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev:arm64 libsqlite3-dev:arm64
  libgl1-mesa-dev:arm64 libx11-dev:arm64 libxcursor-dev:arm64 libxrandr-dev:arm64
  libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64)

trap umount_all EXIT
mkdir -p "$CACHE"

if [ ! -e "$BUILD_ROOT/.stamp-debootstrap" ]; then
  rm -rf "$BUILD_ROOT"
  log "debootstrap $BUILD_SUITE into $BUILD_ROOT"
  debootstrap --variant=minbase "$BUILD_SUITE" "$BUILD_ROOT" "$(debian_mirror)" >"$CACHE/debootstrap-$BUILD_SUITE.log" 2>&1 ||
    die "debootstrap failed: see $CACHE/debootstrap-$BUILD_SUITE.log"
  touch "$BUILD_ROOT/.stamp-debootstrap"
fi

cp /etc/resolv.conf "$BUILD_ROOT/etc/resolv.conf"
# The mirror may be a dated snapshot whose Release files are past their Valid-Until.
printf 'Acquire::Check-Valid-Until "false";\nAPT::Install-Recommends "false";\n' >"$BUILD_ROOT/etc/apt/apt.conf.d/90cityledger"
mount_into_root /proc /proc
mount_into_root /dev /dev

want="${PKGS_AMD64[*]} ${PKGS_ARM64[*]}"
if [ "$(cat "$BUILD_ROOT/.stamp-packages" 2>/dev/null)" != "$want" ]; then
  log "installing the build packages into the build root"
  in_root dpkg --add-architecture arm64
  in_root apt-get update -qq
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PKGS_AMD64[@]}" "${PKGS_ARM64[@]}" >"$CACHE/buildroot-apt.log" 2>&1 ||
    die "apt-get install in the build root failed: see $CACHE/buildroot-apt.log"
  echo "$want" >"$BUILD_ROOT/.stamp-packages"
fi

# PROJ for amd64 and arm64, static, into /opt/proj-ARCH of the build root.
src=$("$DIST_DIR/sources.sh" proj)
ver=$(basename "$src" | sed 's/^proj-//')
for arch in amd64 arm64; do
  prefix=/opt/proj-$ver-$arch
  [ -e "$BUILD_ROOT$prefix/.stamp" ] && continue
  log "building PROJ $ver for linux/$arch (static)"
  rm -rf "$BUILD_ROOT/build/proj-$arch" "$BUILD_ROOT$prefix"
  mkdir -p "$BUILD_ROOT/build"
  [ -d "$BUILD_ROOT/build/proj-src" ] || cp -a "$src" "$BUILD_ROOT/build/proj-src"
  cross=()
  libdir=/usr/lib/x86_64-linux-gnu
  if [ "$arch" = arm64 ]; then
    libdir=/usr/lib/aarch64-linux-gnu
    cross=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64
      -DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc -DCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++
      -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER)
  fi
  in_root cmake -S /build/proj-src -B "/build/proj-$arch" "${cross[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
    -DBUILD_SHARED_LIBS=OFF -DENABLE_TIFF=OFF -DENABLE_CURL=OFF -DBUILD_APPS=OFF -DBUILD_TESTING=OFF \
    -DSQLITE3_INCLUDE_DIR=/usr/include -DSQLITE3_LIBRARY="$libdir/libsqlite3.a" -DEXE_SQLITE3=/usr/bin/sqlite3 \
    >"$CACHE/proj-$arch.log" 2>&1 || die "PROJ configure ($arch) failed: see $CACHE/proj-$arch.log"
  in_root cmake --build "/build/proj-$arch" -j"$(nproc)" >>"$CACHE/proj-$arch.log" 2>&1 ||
    die "PROJ build ($arch) failed: see $CACHE/proj-$arch.log"
  in_root cmake --install "/build/proj-$arch" >>"$CACHE/proj-$arch.log" 2>&1
  rm -rf "$BUILD_ROOT/build/proj-$arch"
  touch "$BUILD_ROOT$prefix/.stamp"
done
log "build root ready: $BUILD_ROOT"
