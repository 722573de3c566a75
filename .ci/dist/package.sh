# Assembles the packages from built programs (sourced after lib.sh). The real build and
# the dry run of `make test` (.ci/dist/check.sh, with stand-in programs) both use it, so
# the control data and file lists that the test checks are the ones users get.

# fill TEMPLATE: replaces @VERSION@, @GLIBC_MIN@, @ARCH@, … in a template.
fill() {
  sed -e "s|@VERSION@|$VERSION|g" -e "s|@APP_NAME@|$APP_NAME|g" -e "s|@APP_ID@|$APP_ID|g" \
    -e "s|@WEBSITE@|$WEBSITE|g" -e "s|@GLIBC_MIN@|${GLIBC_MIN:-}|g" -e "s|@ARCH@|${ARCH:-}|g" \
    -e "s|@PROJ_VERSION@|${PROJ_VERSION:-}|g" -e "s|@INSTALLED_SIZE@|${INSTALLED_SIZE:-}|g" \
    -e "s|@TITLE_ZH@|$(catalogue_title zh-Hans)|g" -e "s|@TITLE_EN@|$(catalogue_title en)|g" \
    -e "s|@EXE@|${EXE:-}|g" -e "s|@VERSION_COMMAS@|${VERSION_COMMAS:-}|g" \
    "$DIST_DIR/templates/$1"
}

# catalogue_title LANG: the window title from the message catalogue (gui.app.title).
catalogue_title() {
  sed -n 's/^ *"gui\.app\.title": *"\(.*\)",\{0,1\}$/\1/p' "$REPO"/assets/i18n/*/"$1.json" | head -1
}

# crlf_bom FILE: Windows text (CRLF, UTF-8 with BOM so that every Notepad reads Chinese).
crlf_bom() { printf '\xef\xbb\xbf'; sed 's/$/\r/' "$1"; }

# package_zip WINBIN PROJDATA OUT: CityLedger-VERSION-windows-amd64.zip into OUT.
# WINBIN holds cityledger.exe and ledgerctl.exe.
package_zip() {
  local winbin=$1 projdata=$2 out=$3 name="$APP_NAME-$VERSION-windows-amd64" tmp
  tmp=$(mktemp -d)
  mkdir -p "$tmp/$name/proj" "$tmp/$name/licenses"
  cp "$winbin/cityledger.exe" "$winbin/ledgerctl.exe" "$tmp/$name/"
  cp -r "$projdata"/. "$tmp/$name/proj/"
  fill windows-README-zh.txt >"$tmp/使用说明.txt"
  fill windows-README-en.txt >"$tmp/README.txt"
  crlf_bom "$tmp/使用说明.txt" >"$tmp/$name/使用说明.txt"
  crlf_bom "$tmp/README.txt" >"$tmp/$name/README.txt"
  licenses "$tmp/$name/licenses" txt
  rm -f "$out/$name.zip"
  (cd "$REPO" && go run ./.ci/dist/zipdir -o "$out/$name.zip" -C "$tmp" "$name")
  rm -rf "$tmp"
}

# licenses DIR EXT: the licence texts of what is linked in and shipped.
licenses() {
  fill LICENSES.txt >"$1/README.$2"
  cp "$DIST_DIR/templates/PROJ-COPYING.txt" "$1/PROJ.$2"
}

# cli_docs LEDGERCTL OUT: ledgerctl's man pages, English (man1) and Chinese
# (zh_CN/man1), and its bash completion, written by a ledgerctl that runs here (the
# pages are the same for every architecture), into OUT for package_deb.
cli_docs() {
  local bin=$1 out=$2 logs
  rm -rf "$out" && mkdir -p "$out/bash-completion"
  logs=$(mktemp -d)
  CITYLEDGER_LOG_DIR=$logs SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0} "$bin" --lang en docs --format man -o "$out/man/man1" >/dev/null
  CITYLEDGER_LOG_DIR=$logs SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0} "$bin" --lang zh docs --format man -o "$out/man/zh_CN/man1" >/dev/null
  CITYLEDGER_LOG_DIR=$logs "$bin" completion bash >"$out/bash-completion/ledgerctl"
  rm -rf "$logs"
  gzip -9n "$out"/man/man1/*.1 "$out"/man/zh_CN/man1/*.1
}

# package_deb ARCH LINUXBIN PROJDATA OUT CLIDOCS: cityledger_VERSION_ARCH.deb into OUT;
# CLIDOCS is what cli_docs wrote.
package_deb() {
  local ARCH=$1 bin=$2 projdata=$3 out=$4 clidocs=$5 root
  root=$(mktemp -d)
  install -D -m 0755 "$bin/cityledger" "$root/usr/bin/cityledger"
  install -D -m 0755 "$bin/ledgerctl" "$root/usr/bin/ledgerctl"
  mkdir -p "$root/usr/share"
  cp -r "$clidocs/man" "$root/usr/share/"
  install -D -m 0644 "$clidocs/bash-completion/ledgerctl" "$root/usr/share/bash-completion/completions/ledgerctl"
  mkdir -p "$root/usr/share/cityledger/proj"
  cp -r "$projdata"/. "$root/usr/share/cityledger/proj/"
  install -D -m 0644 "$REPO/$APP_ICON" "$root/usr/share/icons/hicolor/256x256/apps/$APP_ID.png"
  mkdir -p "$root/usr/share/applications" "$root/usr/share/doc/cityledger" "$root/DEBIAN"
  fill cityledger.desktop >"$root/usr/share/applications/$APP_ID.desktop"
  fill deb-README >"$root/usr/share/doc/cityledger/README"
  { fill LICENSES.txt; echo; echo "PROJ:"; sed 's/^/ /' "$DIST_DIR/templates/PROJ-COPYING.txt"; } >"$root/usr/share/doc/cityledger/copyright"
  find "$root" -type d -exec chmod 0755 {} + && find "$root/usr/share" -type f -exec chmod 0644 {} +
  INSTALLED_SIZE=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  ARCH=$ARCH INSTALLED_SIZE=$INSTALLED_SIZE fill deb-control >"$root/DEBIAN/control"
  (cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$root/DEBIAN/md5sums"
  find "$root" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
  rm -f "$out/cityledger_${VERSION}_$ARCH.deb"
  SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0} dpkg-deb --root-owner-group -Zxz --build "$root" "$out/cityledger_${VERSION}_$ARCH.deb" >/dev/null
  rm -rf "$root"
}

# write_sums OUT: SHA256SUMS of the packages, bare file names.
write_sums() {
  (cd "$1" && rm -f SHA256SUMS && sha256sum -- *.zip *.deb >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
}

# glibc_min BIN…: the newest GLIBC_x.y symbol version the programs need.
glibc_min() {
  readelf -V "$@" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1
}

# check_needed BIN…: fails unless every shared library the programs load is one the
# control file's Depends covers (libc6, libgl1 and the X11 libraries): a new library
# must not ship with a wrong Depends.
check_needed() {
  local lib bad=0
  for lib in $(readelf -d "$@" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u); do
    case "$lib" in
      libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | libresolv.so.2 | ld-linux-*.so.*) ;;
      libGL.so.1 | libX11.so.6 | libXrandr.so.2 | libXxf86vm.so.1 | libXi.so.6 | libXcursor.so.1 | libXinerama.so.1) ;;
      *) echo "dist: $lib is needed but not in the .deb's Depends" >&2; bad=1 ;;
    esac
  done
  return $bad
}
