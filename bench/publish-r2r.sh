#!/usr/bin/env bash
# Publishes the server ReadyToRun-compiled (framework-dependent, linux-x64) into artifacts/r2r for the cold-start benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o artifacts/r2r --nologo
