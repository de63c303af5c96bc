#!/usr/bin/env bash
# The VS Code end-to-end test in one command: install code-server if needed, package the .vsix, run the checks.
# Prints "vscode-e2e: N passed, N failed"; screenshots and logs (package.log, code-server.log, code-node.log) go
# to artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p artifacts/e2e
bash tests/vscode-e2e/install-code-server.sh
# Always package, so the test runs the code of this checkout (the publish is incremental after the first time).
if ! bash client/package.sh >artifacts/e2e/package.log 2>&1; then
  cat artifacts/e2e/package.log
  echo "vscode-e2e: 0 passed, 1 failed"
  exit 1
fi
tail -1 artifacts/e2e/package.log
node tests/vscode-e2e/run.mjs "$@"
