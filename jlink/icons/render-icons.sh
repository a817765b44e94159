#!/usr/bin/env bash
# Renders the DanceLens application icon from its SVG sources into every file the installers use:
#   dancelens-<N>.png  N = 16 24 32 48 64 128 256 512 1024
#   dancelens.png      256 px, the --icon for jpackage on Linux
#   dancelens.ico      Windows: 16 24 32 48 64 (BMP) and 128 256 (PNG) inside
#   dancelens.icns     macOS: 16 32 48 128 256 512 1024 (the sizes png2icns has types for)
# Sizes up to 32 px come from dancelens-small.svg (16 px also without the joints), the rest from dancelens.svg.
#
# Needs (Debian/Ubuntu): librsvg2-bin (rsvg-convert), imagemagick (convert, compare),
#                        icoutils (icotool), icnsutils (png2icns, icns2png)
#   sudo apt-get install librsvg2-bin imagemagick icoutils icnsutils
#
# Usage: jlink/icons/render-icons.sh     (writes next to itself; run from anywhere)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$1 (Debian package $2)"); }
need rsvg-convert librsvg2-bin
need convert imagemagick
need compare imagemagick
need icotool icoutils
need png2icns icnsutils
need icns2png icnsutils
if ((${#missing[@]})); then
  echo "render-icons.sh: missing tools:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "install them with: sudo apt-get install librsvg2-bin imagemagick icoutils icnsutils" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# At 16 px the joints are single amber pixels that break the limbs: hide them.
echo '.joint { display: none; }' >"$tmp/no-joints.css"

sizes=(16 24 32 48 64 128 256 512 1024)
for s in "${sizes[@]}"; do
  extra=()
  if ((s <= 32)); then src=dancelens-small.svg; else src=dancelens.svg; fi
  if ((s == 16)); then extra=(--stylesheet "$tmp/no-joints.css"); fi
  rsvg-convert "${extra[@]}" --width "$s" --height "$s" --format png "$src" --output "$tmp/raw-$s.png"
  # Lossless recompression, no metadata (so the files are reproducible); check no pixel changed.
  convert "$tmp/raw-$s.png" -strip -define png:compression-level=9 "PNG32:dancelens-$s.png"
  diff=$(compare -metric AE "$tmp/raw-$s.png" "dancelens-$s.png" null: 2>&1 || true)
  if [[ "$diff" != "0" ]]; then
    echo "render-icons.sh: recompressing dancelens-$s.png changed $diff pixels" >&2
    exit 1
  fi
done

cp dancelens-256.png dancelens.png

# Windows: small sizes as BMP entries (every Windows version reads them), 128 and 256 as PNG entries.
icotool --create --output=dancelens.ico \
  dancelens-16.png dancelens-24.png dancelens-32.png dancelens-48.png dancelens-64.png \
  --raw=dancelens-128.png --raw=dancelens-256.png

# macOS
png2icns dancelens.icns \
  dancelens-16.png dancelens-32.png dancelens-48.png dancelens-128.png \
  dancelens-256.png dancelens-512.png dancelens-1024.png >/dev/null

echo "dancelens.ico:";  icotool --list dancelens.ico | sed 's/^/  /'
echo "dancelens.icns:"; icns2png --list dancelens.icns | grep -E "^ +'" | sed 's/^ */  /'
ls -l dancelens*.png dancelens.ico dancelens.icns | awk '{printf "  %8d  %s\n", $5, $9}'
