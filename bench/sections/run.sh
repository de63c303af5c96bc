#!/usr/bin/env bash
# bench/run.sh section: a trivial node run end to end (warm runner, real server over stdio) vs `python3 node.py` (bench/run).
set -euo pipefail
cd "$(dirname "$0")/../.."
args=()
[[ "${BENCH_QUICK:-0}" == 1 ]] && args+=(--quick)
mkdir -p "${BENCH_OUT:-bench/out}/sections"
dotnet run -c Release --project bench/run -- "${args[@]}" > "${BENCH_OUT:-bench/out}/sections/run.md"
