#!/usr/bin/env bash
# bench/run.sh section: cold start by build variant (JIT vs ReadyToRun, tiering settings) next to pyright (bench/coldstart.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=20
[[ "${BENCH_QUICK:-0}" == 1 ]] && runs=3
mkdir -p "${BENCH_OUT:-bench/out}/sections"
dotnet build server -c Release --nologo -v q >/dev/null
bash bench/publish-r2r.sh >/dev/null
node bench/coldstart.mjs --runs "$runs" --pyright --tiering --markdown "${BENCH_OUT:-bench/out}/sections/coldstart.md"
