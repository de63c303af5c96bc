#!/usr/bin/env bash
# Runs every test suite of the repository (xunit, node end-to-end, client) and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
passed=0
failed=0
status=0

# xunit: `dotnet test` prints its own summary line ("Passed!  - Failed: 0, Passed: N, ...").
dotnet_log="$(mktemp)"
dotnet test CodeNodeLsp.sln -c "$configuration" --nologo 2>&1 | tee "$dotnet_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
summary="$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$dotnet_log" || true)"
if [ -n "$summary" ]; then
  while read -r line; do
    p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line"); f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f))
  done <<<"$summary"
else
  failed=$((failed + 1))
fi
rm -f "$dotnet_log"

# Node's test runner over the end-to-end tests (and the client's pure-module tests when present).
node_dirs=()
for d in tests/e2e tests/client tests/package; do
  if compgen -G "$d/*.test.mjs" >/dev/null || compgen -G "$d/*.test.js" >/dev/null; then node_dirs+=("$d"); fi
done
# The client's unit tests load the modules compiled by tsc (client/out/lib).
if [[ " ${node_dirs[*]} " == *" tests/client "* ]]; then
  npx --no-install tsc -p . || status=1
fi
if [ "${#node_dirs[@]}" -gt 0 ]; then
  node_log="$(mktemp)"
  node_files=()
  for d in "${node_dirs[@]}"; do
    for f in "$d"/*.test.mjs "$d"/*.test.js; do [ -e "$f" ] && node_files+=("$f"); done
  done
  CONFIGURATION="$configuration" node --test "${node_files[@]}" 2>&1 | tee "$node_log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(grep -E '^# pass [0-9]+' "$node_log" | tail -1 | awk '{print $3}'); f=$(grep -E '^# fail [0-9]+' "$node_log" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
  rm -f "$node_log"
fi

# The extension in a real VS Code: package the .vsix, then drive code-server with headless Chromium.
# tests/vscode-e2e/e2e.sh installs code-server on first use (cached in .tools/); CODENODE_SKIP_VSCODE_E2E=1 skips it.
if [ "${CODENODE_SKIP_VSCODE_E2E:-0}" != "1" ]; then
  e2e_log="$(mktemp)"
  bash tests/vscode-e2e/e2e.sh 2>&1 | tee "$e2e_log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  line=$(grep -E '^vscode-e2e: [0-9]+ passed, [0-9]+ failed' "$e2e_log" | tail -1)
  if [ -n "$line" ]; then
    p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f))
  else
    failed=$((failed + 1))
  fi
  rm -f "$e2e_log"
fi

# Other suites (benchmarks smoke, fuzz) add themselves here the same way.

[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
