#!/usr/bin/env bash
# Builds the server and checks the bundled examples/ (examples/mistakes/ shows what errors look like).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build server -c Release --nologo -v quiet >/dev/null
status=0
dotnet server/bin/Release/net10.0/codenode.dll check examples/ || status=$?
echo "(exit code $status: 0 = no errors, 1 = errors found, 2 = bad usage)"
