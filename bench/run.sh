#!/usr/bin/env bash
# The one benchmark command: builds the server, measures it and its references side by side, and rewrites docs/BENCHMARKS.md.
#
#   bash bench/run.sh            the full run (about 15 minutes, most of it pyright on 10,000 lines)
#   bash bench/run.sh --quick    a smoke run: fewer edits, no 10,000-line files; writes bench/out/BENCHMARKS.quick.md
#
# Everything is measured in this one run on this machine: our server and pyright through the same vscode-jsonrpc
# client on the same generated files (bench/lsp/bench.mjs), a warm run against python3 (bench/lsp/run.mjs), and
# the sections of bench/sections/*.sh (parser against CPython, pflow, Stack AI and Voxworks re-analysis).
# Before each section the script waits (at most BENCH_IDLE_WAIT seconds, 300 by default) until other processes
# leave the cores mostly idle, because a busy machine is the largest source of noise on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=bench/out
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
mkdir -p "$OUT/sections"
rm -f "$OUT"/sections/*.md "$OUT/targets.json" "$OUT/lsp.json"

# Waits until the machine's busy share (all cores, over 2 s) is below 15 %, or gives up after BENCH_IDLE_WAIT s.
wait_idle() {
  local deadline=$((SECONDS + ${BENCH_IDLE_WAIT:-300}))
  while :; do
    local a b
    a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
    local busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]+b[8]) - (a[1]+a[2]+a[3]+a[6]+a[7]+a[8]) ))
    local idle=$(( (b[4]+b[5]) - (a[4]+a[5]) ))
    local pct=$(( 100 * busy / (busy + idle + 1) ))
    if (( pct < 15 )) || (( SECONDS >= deadline )); then
      echo "bench: machine ${pct}% busy before $1" >&2
      return
    fi
  done
}

echo "bench: installing the pinned clients and building the server (Release)" >&2
[[ -d node_modules/vscode-jsonrpc ]] || npm ci --no-audit --no-fund >&2
[[ -d bench/lsp/node_modules/pyright ]] || npm ci --prefix bench/lsp --no-audit --no-fund >&2
# The ReadyToRun build is the one the VS Code extension ships (client/package.sh), so it is the one measured.
dotnet publish server/CodeNodeLsp.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$OUT/server" --nologo -v q >&2

if (( QUICK )); then SIZES=100,1000; EDITS=10; PEDITS=4; COLD=3; REPORT=$OUT/BENCHMARKS.quick.md
else SIZES=100,1000,10000; EDITS=40; PEDITS=16; COLD=10; REPORT=docs/BENCHMARKS.md; fi

node bench/lsp/gen.mjs --out "$OUT/lsp" --sizes "$SIZES"
wait_idle "the LSP benchmark"
node bench/lsp/bench.mjs --files "$OUT/lsp/files.json" --ours "$ROOT/$OUT/server/codenode lsp" \
  --pyright "$ROOT/bench/lsp/node_modules/pyright/langserver.index.js" \
  --edits "$EDITS" --pyright-edits "$PEDITS" --cold-runs "$COLD" --out "$OUT/lsp.json"

wait_idle "the warm-run benchmark"
node bench/lsp/run.mjs --ours "$ROOT/$OUT/server/codenode lsp" --out "$OUT" --runs "$((QUICK ? 5 : 30))"

# The other harnesses write a Markdown section each into $OUT/sections and may add target figures to
# $OUT/targets.json through bench/targets.mjs; each runs only when its harness exists in this checkout.
for harness in bench/sections/*.sh; do
  [[ -e "$harness" ]] || continue
  wait_idle "$(basename "$harness")"
  echo "bench: $harness" >&2
  BENCH_OUT="$ROOT/$OUT" BENCH_QUICK=$QUICK bash "$harness" >&2 || echo "bench: $harness failed (its section says so)" >&2
done

node bench/report.mjs --lsp "$OUT/lsp.json" --sections "$OUT/sections" --targets "$OUT/targets.json" --out "$REPORT"
echo "bench: wrote $REPORT" >&2
