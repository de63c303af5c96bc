#!/usr/bin/env bash
# bench/run.sh section: the pflow dialect's steady-state re-analysis of a 20-code-step workflow (bench/pflow).
set -euo pipefail
cd "$(dirname "$0")/../.."
args=()
[[ "${BENCH_QUICK:-0}" == 1 ]] && args+=(--quick)
mkdir -p "${BENCH_OUT:-bench/out}/sections"
dotnet run -c Release --project bench/pflow -- "${args[@]}" > "${BENCH_OUT:-bench/out}/sections/pflow.md"
