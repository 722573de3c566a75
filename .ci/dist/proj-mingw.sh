#!/usr/bin/env bash
# PROJ for Windows: Debian's own PROJ source package built static with Debian's mingw-w64
# (posix threads: PROJ uses std::mutex), without TIFF and curl, against a static SQLite made
# from Debian's sqlite3 source. Kept in $CACHE/mingw; prints the folder holding proj.pc.
source "$(dirname "$0")/lib.sh"

CC_W=x86_64-w64-mingw32-gcc-posix
CXX_W=x86_64-w64-mingw32-g++-posix
proj_src=$("$DIST_DIR/sources.sh" proj)
sqlite_src=$("$DIST_DIR/sources.sh" sqlite3)
ver=$(basename "$proj_src" | sed 's/^proj-//')
out=$CACHE/mingw/proj-$ver
if [ -e "$out/.stamp" ]; then echo "$out/lib/pkgconfig"; exit 0; fi
rm -rf "$out" "$CACHE/mingw/build"
mkdir -p "$CACHE/mingw/build" "$out/lib/pkgconfig" "$out/include"

log "SQLite amalgamation from $(basename "$sqlite_src") for mingw"
b=$CACHE/mingw/build/sqlite
mkdir -p "$b"
( cd "$b" && "$sqlite_src/configure" >/dev/null && make -s sqlite3.c >/dev/null ) >"$CACHE/mingw/sqlite.log" 2>&1 ||
  die "SQLite amalgamation failed: see $CACHE/mingw/sqlite.log"
$CC_W -O2 -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_RTREE=1 -c "$b/sqlite3.c" -o "$b/sqlite3.o"
x86_64-w64-mingw32-ar rcs "$out/lib/libsqlite3.a" "$b/sqlite3.o"
cp "$b/sqlite3.h" "$b/sqlite3ext.h" "$out/include/"

log "PROJ $ver for windows/amd64 (static, no TIFF, no curl)"
cmake -S "$proj_src" -B "$CACHE/mingw/build/proj" \
  -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_SYSTEM_PROCESSOR=x86_64 \
  -DCMAKE_C_COMPILER=$CC_W -DCMAKE_CXX_COMPILER=$CXX_W -DCMAKE_RC_COMPILER=x86_64-w64-mingw32-windres \
  -DCMAKE_FIND_ROOT_PATH="$out" -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER \
  -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$out" \
  -DBUILD_SHARED_LIBS=OFF -DENABLE_TIFF=OFF -DENABLE_CURL=OFF -DBUILD_APPS=OFF -DBUILD_TESTING=OFF \
  -DSQLITE3_INCLUDE_DIR="$out/include" -DSQLITE3_LIBRARY="$out/lib/libsqlite3.a" -DEXE_SQLITE3=/usr/bin/sqlite3 \
  >"$CACHE/mingw/proj.log" 2>&1 || die "PROJ configure failed: see $CACHE/mingw/proj.log"
cmake --build "$CACHE/mingw/build/proj" -j"$(nproc)" >>"$CACHE/mingw/proj.log" 2>&1 || die "PROJ build failed: see $CACHE/mingw/proj.log"
cmake --install "$CACHE/mingw/build/proj" >>"$CACHE/mingw/proj.log" 2>&1
# PROJ's own proj.pc names -lgcc_s and Requires.private sqlite3, which a static cross
# link cannot use: this one lists what the static library really needs.
cat >"$out/lib/pkgconfig/proj.pc" <<PC
prefix=$out
Name: PROJ
Description: PROJ $ver static for mingw-w64
Version: $ver
Cflags: -I\${prefix}/include
Libs: -L\${prefix}/lib -lproj -lsqlite3 -lstdc++ -lole32 -lshell32
PC
rm -rf "$CACHE/mingw/build"
touch "$out/.stamp"
echo "$out/lib/pkgconfig"
