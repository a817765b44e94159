#!/bin/bash
# `dancelens` on the PATH (/usr/bin/dancelens links here) and the desktop entry's command: the bundled Java runtime
# started with the class path, main class and options of jpackage's launcher configuration (lib/app/dancelens.cfg),
# so both ways in run the same program with the same settings.
# Not jpackage's native launcher (bin/dancelens, which also works): on Linux it asks rpm and then dpkg which package
# owns it at every start (LinuxPackage.c): about 0.4 s measured on Debian, as long as the rest of `dancelens --version`.
set -e
lib="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
app="$lib/app"
# shellcheck source=dancelens-cfg.sh
. "$lib/dancelens-cfg.sh"
read_cfg "$app"
# File names with non-ASCII characters need a UTF-8 locale on Java 17.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *UTF-8*|*utf8*|*UTF8*|*utf-8*) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac
exec "$lib/runtime/bin/java" "${opts[@]}" -Djpackage.app-path="$lib/../bin/dancelens" -cp "$cp" "$main" "$@"
