#!/usr/bin/env bash
# The quick test of the packaging scripts (part of make test): assembles the zip and both
# .debs from stand-in programs (build.sh --dry-run, no compiler) and checks what users
# get: the zip's file list and its UTF-8 names, the .deb control data, file lists and
# desktop entry, the Windows read-me files, SHA256SUMS. Ends with "N passed, N failed".
source "$(dirname "$0")/lib.sh"
source "$DIST_DIR/package.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }
check() { # DESCRIPTION COMMAND…
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then ok; else bad "$what"; fi
}
same() { # DESCRIPTION GOT WANT
  if [ "$2" = "$3" ]; then ok; else bad "$1"; diff <(echo "$3") <(echo "$2") | sed 's/^/    /'; fi
}

"$DIST_DIR/build.sh" --dry-run "$tmp" || { echo "build.sh --dry-run failed"; echo "0 passed, 1 failed"; exit 1; }
zip=$APP_NAME-$VERSION-windows-amd64.zip
top=$APP_NAME-$VERSION-windows-amd64

# --- the Windows zip
listing=$(cd "$REPO" && go run ./.ci/dist/zipdir -list "$tmp/$zip")
same "zip file list" "$(awk '{print $3}' <<<"$listing")" "$(printf '%s\n' \
  "$top/README.txt" "$top/cityledger.exe" "$top/ledgerctl.exe" "$top/licenses/PROJ.txt" \
  "$top/licenses/README.txt" "$top/proj/proj.db" "$top/使用说明.txt")"
same "zip: 使用说明.txt has the UTF-8 name flag" "$(grep '使用说明' <<<"$listing" | awk '{print $1}')" utf8
mkdir "$tmp/unzipped"
(cd "$tmp/unzipped" && unzip -q "$tmp/$zip")
for f in README.txt 使用说明.txt; do
  p=$tmp/unzipped/$top/$f
  same "$f starts with a UTF-8 BOM" "$(head -c3 "$p" | od -An -tx1 | tr -d ' ')" efbbbf
  same "$f has CRLF line ends only" "$(grep -c $'\r$' "$p")" "$(wc -l <"$p")"
  check "$f names the version" grep -q "$VERSION" "$p"
  check "$f tells the OpenGL remedy" grep -q "opengl32.dll" "$p"
  check "$f names the database folder" grep -qF '%AppData%\cityledger\ledger.db' "$p"
done

# --- the .debs
for arch in amd64 arm64; do
  deb=$tmp/cityledger_${VERSION}_$arch.deb
  field() { dpkg-deb -f "$deb" "$1"; }
  same "$arch: Package" "$(field Package)" cityledger
  same "$arch: Version from FyneApp.toml" "$(field Version)" "$VERSION"
  same "$arch: Architecture" "$(field Architecture)" "$arch"
  same "$arch: Depends (libc, GL/X11, a CJK font only)" "$(field Depends)" \
    "libc6 (>= 2.28), libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1, fonts-noto-cjk | fonts-wqy-microhei"
  check "$arch: description states the minimum glibc" grep -q "Needs glibc 2.28 or newer" <(field Description)
  check "$arch: Installed-Size is a number" grep -qE '^[0-9]+$' <(field Installed-Size)
  same "$arch: file list (besides the man pages)" "$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ && $6 !~ /^\.\/usr\/share\/man\// {print $1, $6}')" "$(printf '%s\n' \
    "-rwxr-xr-x ./usr/bin/cityledger" "-rwxr-xr-x ./usr/bin/ledgerctl" \
    "-rw-r--r-- ./usr/share/applications/$APP_ID.desktop" "-rw-r--r-- ./usr/share/bash-completion/completions/ledgerctl" \
    "-rw-r--r-- ./usr/share/cityledger/proj/proj.db" \
    "-rw-r--r-- ./usr/share/doc/cityledger/README" "-rw-r--r-- ./usr/share/doc/cityledger/copyright" \
    "-rw-r--r-- ./usr/share/icons/hicolor/256x256/apps/$APP_ID.png")"
  same "$arch: owned by root" "$(dpkg-deb -c "$deb" | awk '{print $2}' | sort -u)" root/root
  x=$tmp/x-$arch
  dpkg-deb -R "$deb" "$x"
  check "$arch: md5sums match" sh -c "cd '$x' && md5sum --quiet -c DEBIAN/md5sums"
  desktop=$x/usr/share/applications/$APP_ID.desktop
  for kv in "Type=Application" "Name=$APP_NAME" "Exec=cityledger" "Icon=$APP_ID" "Terminal=false"; do
    check "$arch: desktop entry has $kv" grep -qx "$kv" "$desktop"
  done
  check "$arch: desktop entry has a Chinese name" grep -q '^Name\[zh_CN\]=.*城管资产台账' "$desktop"
  check "$arch: icon is FyneApp.toml's" cmp "$x/usr/share/icons/hicolor/256x256/apps/$APP_ID.png" "$REPO/$APP_ICON"
  check "$arch: README states the minimum glibc" grep -q "Needs glibc 2.28 or newer" "$x/usr/share/doc/cityledger/README"
  # ledgerctl's man pages: a page per command in English and in Chinese, gzipped.
  en_pages=$(cd "$x/usr/share/man/man1" && ls) zh_pages=$(cd "$x/usr/share/man/zh_CN/man1" && ls)
  same "$arch: the Chinese man pages are the English ones'" "$zh_pages" "$en_pages"
  check "$arch: a man page per command (ledgerctl, import, classes show…)" test -f "$x/usr/share/man/man1/ledgerctl.1.gz" \
    -a -f "$x/usr/share/man/man1/ledgerctl-import.1.gz" -a -f "$x/usr/share/man/zh_CN/man1/ledgerctl-classes-show.1.gz"
  check "$arch: man ledgerctl-import lists --dry-run" sh -c "zcat '$x/usr/share/man/man1/ledgerctl-import.1.gz' | grep -q -- '--dry-run'"
  check "$arch: the Chinese page is in Chinese" sh -c "zcat '$x/usr/share/man/zh_CN/man1/ledgerctl-import.1.gz' | grep -q '全部成功或全部不写'"
  check "$arch: the bash completion loads" bash -c "source '$x/usr/share/bash-completion/completions/ledgerctl' && complete -p ledgerctl"
done

# --- no template placeholder left anywhere
leftover=$(grep -rlE '@[A-Z_]+@' "$tmp/unzipped" "$tmp"/x-* 2>/dev/null || true)
same "no @PLACEHOLDER@ left" "$leftover" ""

# --- SHA256SUMS
same "SHA256SUMS names the three packages, bare" "$(awk '{print $2}' "$tmp/SHA256SUMS")" "$(printf '%s\n' \
  "$zip" "cityledger_${VERSION}_amd64.deb" "cityledger_${VERSION}_arm64.deb")"
check "SHA256SUMS verifies (sha256sum -c)" sh -c "cd '$tmp' && sha256sum --quiet -c SHA256SUMS"

# --- the same inputs give the same bytes (file times come from SOURCE_DATE_EPOCH)
mkdir "$tmp/again"
"$DIST_DIR/build.sh" --dry-run "$tmp/again" >/dev/null
same "a second dry run gives the same packages" "$(cd "$tmp/again" && cat SHA256SUMS)" "$(cd "$tmp" && cat SHA256SUMS)"

echo "dist: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
