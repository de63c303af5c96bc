#!/usr/bin/env bash
# bench/run.sh section: the Python parser against CPython's ast.parse (bench/parser).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${BENCH_OUT:-bench/out}/sections"
mkdir -p "$out"
quick=""; if [[ "${BENCH_QUICK:-0}" == 1 ]]; then quick="--quick"; fi
dotnet run -c Release --project bench/parser -- $quick > "$out/parser.md"
