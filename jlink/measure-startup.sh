#!/usr/bin/env bash
# Measures DanceLens's start-up as installed (or as an app image): medians of several runs of
#   - the window: from launch to the first video frame painted (the workbench prints the moment when
#     DANCELENS_STARTUP_REPORT is set; see org.dancelens.ui.StartupReport);
#   - `dancelens --version` and `dancelens probe VIDEO`, wall-clock;
# each with the package's AppCDS archive and without it (a copy of the app whose launcher configuration does not
# name the archive: the runtime's default JDK archive only), and the window and --version also through jpackage's
# native launcher (bin/dancelens), which asks rpm and dpkg who owns it at every start.
#
# Usage: jlink/measure-startup.sh [APP_DIR] VIDEO [RUNS]
#   APP_DIR: the installed app (default /opt/dancelens) or target/installer/cpu/image/dancelens. RUNS default 7.
# Needs a display for the window (DISPLAY, or Xvfb is started). Writes nothing outside a scratch folder.
# Prints what it measured; none of it is a test.
set -euo pipefail
if [ $# -ge 2 ] && [ -d "$1" ]; then app="$(cd "$1" && pwd)"; shift; else app=/opt/dancelens; fi
video="$(readlink -f "${1:?usage: measure-startup.sh [APP_DIR] VIDEO [RUNS]}")"
runs="${2:-7}"
[ -f "$app/lib/app/dancelens.cfg" ] || { echo "measure-startup: $app is not a DanceLens app image" >&2; exit 2; }
[ -f "$video" ] || { echo "measure-startup: no video $video" >&2; exit 2; }

scratch="$(mktemp -d)"
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/data" XDG_CONFIG_HOME="$scratch/home/config" \
  XDG_CACHE_HOME="$scratch/home/cache" XDG_STATE_HOME="$scratch/home/state"
mkdir -p "$HOME"
unset JAVA_TOOL_OPTIONS

# The app without its archive: a copy (same files, same times) whose configuration leaves the archive out.
cp -a "$app" "$scratch/nocds"
grep -v -e 'SharedArchiveFile' -e 'Xshare' "$app/lib/app/dancelens.cfg" > "$scratch/nocds/lib/app/dancelens.cfg"
rm -f "$scratch/nocds/lib/app/dancelens.jsa"

if [ -z "${DISPLAY:-}" ]; then
  if command -v Xvfb >/dev/null 2>&1; then
    export DISPLAY=":$((80 + RANDOM % 9))"
    Xvfb "$DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 1
  else
    echo "measure-startup: no display and no Xvfb: the window is not measured" >&2
  fi
fi

now_ms() { date +%s%3N; }
median() { sort -n | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else print int((v[NR/2]+v[NR/2+1])/2)}'; }

# One run of a command: its wall-clock milliseconds.
timed() {
  local t0 t1
  t0=$(now_ms)
  "$@" >/dev/null 2>&1
  t1=$(now_ms)
  echo $((t1 - t0))
}

# One start of the window: milliseconds from launch to the first frame painted.
window() {
  local t0 painted
  t0=$(now_ms)
  painted="$(DANCELENS_STARTUP_REPORT=exit timeout 60 "$@" "$video" 2>/dev/null | sed -n 's/.*first-frame-painted epoch-ms=\([0-9]*\).*/\1/p' | head -1)"
  [ -n "$painted" ] && echo $((painted - t0)) || echo "measure-startup: a window start painted no frame" >&2
}

series() { # label, then the command run RUNS times
  local label="$1"; shift
  local values=()
  for _ in $(seq "$runs"); do values+=("$("$@")"); done
  printf '%-58s median %5s ms   (runs: %s)\n' "$label" "$(printf '%s\n' "${values[@]}" | grep -E '^[0-9]+$' | median)" "${values[*]}"
}

with="$app/lib/dancelens.sh"
without="$scratch/nocds/lib/dancelens.sh"
echo "DanceLens start-up, $(basename "$video"), $runs runs each, on $(nproc) cores ($(uname -m)), $(date -u +%Y-%m-%dT%H:%MZ)"
# First start in a fresh home (JavaCPP unpacks FFmpeg's libraries into the cache once): reported, not in the medians.
echo "first start (fresh home, libraries unpacked): window $(window "$with") ms"
timed "$with" probe "$video" >/dev/null
if [ -n "${DISPLAY:-}" ]; then
  series "window to first frame, with the AppCDS archive" window "$with"
  series "window to first frame, without it" window "$without"
  series "window to first frame, jpackage's native launcher" window "$app/bin/dancelens"
fi
series "dancelens --version, with the AppCDS archive" timed "$with" --version
series "dancelens --version, without it" timed "$without" --version
series "dancelens --version, jpackage's native launcher" timed "$app/bin/dancelens" --version
series "dancelens probe VIDEO, with the AppCDS archive" timed "$with" probe "$video"
series "dancelens probe VIDEO, without it" timed "$without" probe "$video"
