#!/usr/bin/env bash
# bench/run.sh section: the Stack AI dialect's steady-state re-analysis of 1,000- and 10,000-line nodes (bench/stackai).
set -euo pipefail
cd "$(dirname "$0")/../.."
args=()
[[ "${BENCH_QUICK:-0}" == 1 ]] && args+=(--quick)
mkdir -p "${BENCH_OUT:-bench/out}/sections"
dotnet run -c Release --project bench/stackai -- "${args[@]}" > "${BENCH_OUT:-bench/out}/sections/stackai.md"
