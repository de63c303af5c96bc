#!/usr/bin/env bash
# Builds the .vsix: client bundle, self-contained linux-x64 server (ReadyToRun), framework-dependent DLL, vsce package.
#
# Usage: npm run package   (or: bash client/package.sh [OUT.vsix])
# The server goes where the client's discovery looks for it: server/linux-x64/codenode (runs without .NET) and
# server/any/codenode.dll (for other platforms, run with an installed .NET 10). .vscodeignore keeps the rest out.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
VERSION=$(node -p "require('./package.json').version")
OUT=${1:-$ROOT/codenode-lsp-$VERSION.vsix}

[ -d node_modules/vscode-languageclient ] || npm ci --no-audit --no-fund
npm run --silent build

rm -rf server/linux-x64 server/any
# The runtime and crossgen packs for linux-x64 come from NuGet; the SDK pins their versions.
dotnet publish server/CodeNodeLsp.csproj -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
  -p:DebugType=none -o server/linux-x64 -nologo -v quiet
dotnet publish server/CodeNodeLsp.csproj -c Release -p:UseAppHost=false -p:DebugType=none -o server/any -nologo -v quiet
server/linux-x64/codenode --version >/dev/null
# TypeScript nodes are transpiled with esbuild where Node cannot strip types (Node 20); ship its native binary
# (from the pinned npm package) so those runs work on a machine without the repository.
cp node_modules/@esbuild/linux-x64/bin/esbuild server/linux-x64/esbuild

npx --no-install vsce package --no-dependencies --allow-missing-repository --skip-license --no-rewrite-relative-links --readme-path client/README.md --changelog-path client/CHANGELOG.md --out "$OUT"
echo "package: $OUT ($(du -h "$OUT" | cut -f1))"
