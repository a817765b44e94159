#!/usr/bin/env bash
# Fetches the real test/sample footage that Debian's opencv-doc package ships
# (vtest.avi: pedestrians, 768x576, 795 frames; messi5.jpg; basketball1.png; basketball2.png)
# into a cache outside the repository, and prints the folder that holds them.
#
#   src/scripts/fetch-sample-media.sh          -> prints e.g. /root/.cache/dancelens/media/opencv-doc-4.6.0+dfsg-12
#
# The package version and its sha256 are pinned; a download that does not match is refused.
# Needs apt-get (Debian/Ubuntu). Exits 3 when the media cannot be had here.
set -euo pipefail

PKG=opencv-doc
VERSION=4.6.0+dfsg-12
SHA256=4b12681df35878207ac7097dc66184b2ae552e4bf4ddd2af04a0f03ed0b8682a
FILES=(vtest.avi messi5.jpg basketball1.png basketball2.png)

# the cache folder by DanceLens's one rule (UserFolders): $DANCELENS_CACHE, else $XDG_CACHE_HOME when it is an
# absolute path (the XDG specification ignores relative values), else $HOME/.cache; then dancelens/ inside
xdg_cache="${XDG_CACHE_HOME:-}"
case "$xdg_cache" in /*) ;; *) xdg_cache="$HOME/.cache" ;; esac
cache_root="${DANCELENS_CACHE:-$xdg_cache/dancelens}"
dest="$cache_root/media/$PKG-$VERSION"

have_all() { for f in "${FILES[@]}"; do [ -s "$dest/$f" ] || return 1; done; }

if have_all; then echo "$dest"; exit 0; fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
  echo "fetch-sample-media: apt-get/dpkg not available; cannot fetch $PKG $VERSION" >&2
  exit 3
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download "$PKG=$VERSION" >"$work/apt.log" 2>&1; then
  # The package lists may be stale or empty on a fresh machine.
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; fi
  apt-get download "$PKG=$VERSION" >"$work/apt.log" 2>&1 || {
    echo "fetch-sample-media: could not download $PKG=$VERSION: $(tail -n 1 "$work/apt.log")" >&2; exit 3; }
fi
deb=$(ls "$work"/*.deb)
actual=$(sha256sum "$deb" | cut -d' ' -f1)
if [ "$actual" != "$SHA256" ]; then
  echo "fetch-sample-media: sha256 mismatch for $deb: expected $SHA256, got $actual" >&2
  exit 3
fi
dpkg -x "$deb" "$work/x"
mkdir -p "$dest.tmp"
for f in "${FILES[@]}"; do
  src="$work/x/usr/share/doc/opencv-doc/examples/data/$f"
  [ -f "$src" ] || { echo "fetch-sample-media: $f missing from $PKG $VERSION" >&2; exit 3; }
  cp "$src" "$dest.tmp/$f"
done
( cd "$dest.tmp" && sha256sum "${FILES[@]}" > SHA256SUMS )
rm -rf "$dest"; mkdir -p "$(dirname "$dest")"; mv "$dest.tmp" "$dest"
echo "$dest"
