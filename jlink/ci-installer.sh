#!/usr/bin/env bash
# The installer, tested as a user would meet it (called by .ci/run after the tests; as root on a Debian machine):
# builds the .deb (mvn -Pinstaller), installs it with apt-get (which pulls its declared dependencies), runs the
# installed program with no JDK, Maven, Node.js or npm on its PATH (--version, probe and analyze of the sample video
# with a bundled model, the window under Xvfb with a screenshot of the opened video), measures its start-up, then
# removes the package and checks that nothing of it is left outside the test user's own folders.
# Prints how long each step took. Exits non-zero at the first check that fails, saying which.
# --reuse: check the package built before instead of building it again (for working on this script).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
say() { echo "ci-installer: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
t_start=$(date +%s)
step() { say "$1 ($(( $(date +%s) - t_start )) s so far)"; }

[ "$(id -u)" = 0 ] || fail "needs root (apt-get install of the package)"
# What building and checking the package needs: fakeroot (dpkg-deb), GTK and Xvfb (the CDS training run and the
# window), ImageMagick (the screenshot), desktop-file-utils (the desktop entry's check).
apt-get install -y -qq fakeroot libgtk-3-0 xvfb imagemagick desktop-file-utils >/dev/null
dpkg -s dancelens >/dev/null 2>&1 && apt-get purge -y -qq dancelens >/dev/null
dpkg -s dancelens-cuda >/dev/null 2>&1 && apt-get purge -y -qq dancelens-cuda >/dev/null

if [ "${1:-}" = --reuse ] && ls target/installer/cpu/dancelens_*_amd64.deb >/dev/null 2>&1; then
  step "reusing the package built before (--reuse)"
else
  step "building the package: mvn -B -Pinstaller -DskipTests package"
  mvn -B -q -Pinstaller -DskipTests package
fi
deb="$(ls target/installer/cpu/dancelens_*_amd64.deb)"
cat target/installer/cpu/size.txt
video="$(src/scripts/fetch-sample-media.sh)/vtest.avi"

# A plain user's world: a scratch home, and a PATH of the system's commands without any JDK, Maven, Node.js or npm.
t="$(mktemp -d /tmp/dancelens-ci-installer.XXXXXX)"
mkdir -p "$t/home" "$t/bin" "$t/out"
for f in /usr/local/bin/* /usr/bin/* /bin/*; do
  b="$(basename "$f")"
  case "$b" in
    java|javac|javadoc|javap|jar|jarsigner|jdeps|jlink|jpackage|jshell|jcmd|jps|jstack|jstat|jstatd|jmap|jinfo|jhsdb|jconsole|jdb|jfr|jimage|jmod|jrunscript|jdeprscan|jwebserver|keytool|rmiregistry|serialver|mvn|mvnDebug|node|nodejs|npm|npx|corepack|dancelens) continue ;;
  esac
  [ -e "$t/bin/$b" ] || ln -s "$f" "$t/bin/$b"
done
user_env=(env -i HOME="$t/home" PATH="$t/bin" LANG=C.UTF-8)
# The package's declared system dependencies first, so that what the check after the removal sees is the package's.
deps="$(dpkg-deb -f "$deb" Depends | sed -e 's/([^)]*)//g' -e 's/,/ /g')"
# shellcheck disable=SC2086
apt-get install -y -qq $deps >/dev/null
marker="$t/marker"
touch "$marker"
sleep 1

step "installing $deb"
apt-get install -y -qq "./$deb" >/dev/null
[ "$(readlink -f /usr/bin/dancelens)" = /opt/dancelens/lib/dancelens.sh ] || fail "/usr/bin/dancelens is not the package's command"
ln -s /usr/bin/dancelens "$t/bin/dancelens"
for tool in java mvn node npm; do
  if "${user_env[@]}" bash -c "command -v $tool" >/dev/null 2>&1; then fail "$tool is on the test PATH"; fi
done
desktop-file-validate /usr/share/applications/dancelens.desktop || fail "the desktop entry is not valid"
grep -q '^MimeType=.*video/mp4' /usr/share/applications/dancelens.desktop || fail "the desktop entry opens no videos"
# This platform's natives only: every native library in the jars is a Linux x86_64 one.
for jar in /opt/dancelens/lib/app/*.jar; do
  foreign="$(unzip -Z1 "$jar" | grep -E '\.(so(\.[0-9]+)*|dll|dylib|jnilib|a)$' | grep -v -E 'linux-x64/|linux-x86-64/|Linux/x86_64/|linux-x86_64/' || true)"
  [ -z "$foreign" ] || fail "$(basename "$jar") holds other platforms' native code: $(echo "$foreign" | awk 'NR<=3' | tr '\n' ' ')"
done

step "dancelens --version"
version="$("${user_env[@]}" dancelens --version)"
echo "$version"
[[ "$version" == DanceLens\ * ]] || fail "--version printed '$version'"

step "dancelens probe (sample video)"
"${user_env[@]}" dancelens probe "$video" | tee "$t/probe.txt"
grep -q '^frames *795' "$t/probe.txt" || fail "probe did not report the sample's 795 frames"

step "dancelens analyze with the bundled movenet-lightning"
"${user_env[@]}" dancelens analyze "$video" --pose movenet-lightning --range 180:230 --out "$t/out"
rows="$(grep -c ',raw' "$t/out/poses.csv" || true)"
[ "$rows" -ge $((50 * 17)) ] || fail "poses.csv holds $rows raw keypoint rows for 50 frames"
# A command that fails says so in one line on stderr and exits 2.
set +e
"${user_env[@]}" dancelens probe "$t/none.mp4" 2>"$t/err.txt"
rc=$?
set -e
[ "$rc" = 2 ] && [ "$(wc -l < "$t/err.txt")" = 1 ] || fail "a missing video gave exit $rc and: $(cat "$t/err.txt")"

step "dancelens import parquet reads the Spark job's tables (the Parquet reader's libraries are in the package)"
# A runs table with one failed row, written by the tests' writer of the job's exact file schema (snappy, as Spark).
test_cp="$(mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
java -cp "target/test-classes:target/classes:$test_cp" org.dancelens.testsupport.ClusterParquet "$t/parquet" "file:$video" \
  "The video could not be decoded on the cluster."
set +e
"${user_env[@]}" dancelens import parquet "$t/parquet" >"$t/import.txt" 2>"$t/err.txt"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q 'could not be decoded on the cluster' "$t/err.txt" && ! grep -q -i 'exception\|error:' "$t/err.txt" \
  || fail "import parquet gave exit $rc and: $(cat "$t/err.txt")"

step "the window under Xvfb, opening the sample video"
display=":$((70 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
"${user_env[@]}" DISPLAY="$display" DANCELENS_STARTUP_REPORT=1 dancelens "$video" >"$t/window.log" 2>&1 &
app=$!
for _ in $(seq 120); do grep -q first-frame-painted "$t/window.log" && break; sleep 0.5; done
grep -q first-frame-painted "$t/window.log" || { cat "$t/window.log" >&2; fail "the window painted no frame in 60 s"; }
sleep 2
DISPLAY="$display" import -window root "$t/window.png"
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
if grep -q 'Unsupported JavaFX configuration' "$t/window.log"; then fail "JavaFX warned of its configuration"; fi
# The screenshot shows the opened video: the picture's area holds the video's many colours, and the window's
# title bar area is not all one colour.
colours="$(convert "$t/window.png" -crop 640x400+120+80 -format '%k' info:)"
say "screenshot: $t/window.png, $colours colours in the picture's area"
[ "$colours" -gt 1000 ] || fail "the screenshot shows no video ($colours colours)"
mkdir -p target/installer/cpu/ci && cp "$t/window.png" target/installer/cpu/ci/window.png

step "start-up (measured, not a test)"
jlink/measure-startup.sh /opt/dancelens "$video" 5 || say "start-up measurement failed (not a test)"

step "removing the package"
apt-get purge -y -qq dancelens >/dev/null
for p in /opt/dancelens /usr/bin/dancelens /usr/share/applications/dancelens.desktop; do
  [ ! -e "$p" ] && [ ! -L "$p" ] || fail "$p is left after the package was removed"
done
dpkg -s dancelens >/dev/null 2>&1 && fail "dpkg still knows the package"
# Anything written since the marker where a package or the program could leave something: the system's folders and
# the account's own home (the program ran with HOME set to the test user's folder), but for the package manager's
# records, Xvfb's keyboard files and the Maven and npm caches (other builds on the machine), and the caches that
# installing a desktop entry refreshes.
find /opt /usr /etc /var /root -xdev -newer "$marker" \
  -not -path '/var/lib/dpkg/*' -not -path '/var/lib/dpkg' -not -path '/var/lib/apt/*' -not -path '/var/lib/apt' \
  -not -path '/var/cache/*' -not -path '/var/cache' -not -path '/var/log/*' -not -path '/var/log' -not -path '/var/lib/xkb/*' \
  -not -path '/var/lib/xkb' -not -path '/var/tmp/*' -not -path '/var/tmp' -not -path '/var/lib/systemd/*' -not -path '/root/.m2/*' -not -path '/root/.npm/*' -not -path '/root/.npm' \
  -not -path '/root/.m2' -not -path '/opt' -not -path '/usr/bin' -not -path '/usr/share/applications' \
  -not -path '/usr/share/applications/mimeinfo.cache' -not -path '/etc/ld.so.cache' \
  -print 2>/dev/null > "$t/left.txt" || true
left="$(head -20 "$t/left.txt")"
[ -z "$left" ] || fail "left after removal, outside the user's folders: $left"
rm -rf "$t"
say "passed in $(( $(date +%s) - t_start )) s"
