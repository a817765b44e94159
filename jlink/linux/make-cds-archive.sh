#!/bin/bash
# Makes DanceLens's AppCDS archive (lib/app/dancelens.jsa) for the folder this app is in, from the class list made
# when the package was built (lib/app/dancelens.classlist: the classes the workbench, probe and analyze load).
# Run by the package's postinst (and by build-installer.sh for the app image). The archive is made here, not
# shipped: Java 17 accepts an archive only on the same class path, letter for letter, as it was made with.
# Takes a few seconds; a failure leaves DanceLens working without the archive (-Xshare:auto).
set -e
lib="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
app="$lib/app"
[ -f "$app/dancelens.classlist" ] || { echo "make-cds-archive: no $app/dancelens.classlist" >&2; exit 1; }
# shellcheck source=dancelens-cfg.sh
. "$lib/dancelens-cfg.sh"
read_cfg "$app" nocds
# Dumping resolves lambdas, which can run a class's static set-up (JavaCPP's looks for its cache folder under
# user.home): a scratch folder for that, removed afterwards.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
rm -f "$app/dancelens.jsa"
"$lib/runtime/bin/java" "${opts[@]}" -Duser.home="$scratch" -Dorg.bytedeco.javacpp.cachedir="$scratch/javacpp" \
  -Xshare:dump -XX:SharedClassListFile="$app/dancelens.classlist" -XX:SharedArchiveFile="$app/dancelens.jsa" \
  -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" >"$scratch/dump.log" 2>&1 \
  || { echo "make-cds-archive: the archive could not be made; DanceLens starts without it" >&2; tail -3 "$scratch/dump.log" >&2; exit 1; }
chmod 644 "$app/dancelens.jsa"
