#!/usr/bin/env bash
# bench/run.sh section: the Voxworks dialect's steady-state re-analysis of a 1,000- and a 10,000-line Code Step (bench/voxworks).
set -euo pipefail
cd "$(dirname "$0")/../.."
args=()
[[ "${BENCH_QUICK:-0}" == 1 ]] && args+=(--quick)
mkdir -p "${BENCH_OUT:-bench/out}/sections"
dotnet run -c Release --project bench/voxworks -- "${args[@]}" > "${BENCH_OUT:-bench/out}/sections/voxworks.md"
