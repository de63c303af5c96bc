#!/usr/bin/env bash
# Builds the .vsix packages: the client bundle plus a server per platform (self-contained) and a portable DLL.
#
# Usage:
#   bash client/package.sh [OUT.vsix]       the package the e2e test installs (npm run package): an untargeted .vsix with
#                                           the self-contained linux-x64 server and the portable DLL, as before.
#   bash client/package.sh --all [OUT_DIR]  (npm run package:all) one .vsix per VS Code target, `vsce package --target`:
#                                           linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64, each with only
#                                           its own self-contained server (server/<rid>/codenode[.exe]) and the portable
#                                           DLL; plus the universal package (DLL only, run with an installed .NET 10).
#                                           Default OUT_DIR: dist/vsix. Each server binary is checked for its platform's
#                                           format and CPU (tests/package/binary-format.mjs).
# CODENODE_READY_TO_RUN=0 publishes without ahead-of-time compilation (quicker to build on a busy machine; the server
# then starts slower). The server goes where the client's discovery (client/src/server.ts) looks for it;
# .vscodeignore keeps everything else out.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
VERSION=$(node -p "require('./package.json').version")
ALL_RIDS=(linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64)
R2R=${CODENODE_READY_TO_RUN:-1}
[ "$R2R" = 1 ] && r2r=true || r2r=false

# VS Code's target names and .NET's runtime identifiers name the same platforms differently.
target_of() { case "$1" in osx-*) echo "darwin-${1#osx-}" ;; win-*) echo "win32-${1#win-}" ;; *) echo "$1" ;; esac; }
# The npm package of esbuild's native binary for a platform (node_modules has it only for the machine npm ran on).
esbuild_of() {
  local t; t=$(target_of "$1")
  case "$1" in win-*) echo "node_modules/@esbuild/$t/esbuild.exe" ;; *) echo "node_modules/@esbuild/$t/bin/esbuild" ;; esac
}

publish_rid() {
  local rid=$1 out=$ROOT/dist/server/$1
  rm -rf "$out"
  # The runtime (and, with ReadyToRun, crossgen) packs come from NuGet; the RIDs are listed in the project, so the
  # restore is the locked one.
  dotnet publish server/CodeNodeLsp.csproj -c Release -r "$rid" --self-contained -p:PublishReadyToRun=$r2r \
    -p:DebugType=none -o "$out" -nologo -v quiet
  local esbuild; esbuild=$(esbuild_of "$rid")
  # TypeScript nodes are transpiled with esbuild where Node cannot strip types (Node 20); ship its binary when the
  # pinned npm package for that platform is installed (only the build machine's is, see docs/vscode.md).
  if [ -f "$esbuild" ]; then cp "$esbuild" "$out/"; fi
}

# Puts exactly one platform's server (or none) under server/ for vsce.
stage() {
  for r in "${ALL_RIDS[@]}"; do rm -rf "server/$r"; done
  if [ -n "${1:-}" ]; then cp -r "dist/server/$1" "server/$1"; fi
}

vsce_package() {
  npx --no-install vsce package --no-dependencies --allow-missing-repository --skip-license --no-rewrite-relative-links \
    --readme-path client/README.md --changelog-path client/CHANGELOG.md "$@"
}

[ -d node_modules/vscode-languageclient ] || npm ci --no-audit --no-fund
npm run --silent build
rm -rf server/any
# The portable DLL. Not with UseAppHost=false: that rebuilds server/bin/Release without its `codenode` program, which
# the README points at; the build machine's apphost that the publish copies is removed instead.
dotnet publish server/CodeNodeLsp.csproj -c Release -p:DebugType=none -o server/any -nologo -v quiet
rm -f server/any/codenode server/any/codenode.exe

if [ "${1:-}" != "--all" ]; then
  OUT=${1:-$ROOT/codenode-lsp-$VERSION.vsix}
  publish_rid linux-x64
  stage linux-x64
  server/linux-x64/codenode --version >/dev/null
  vsce_package --out "$OUT"
  echo "package: $OUT ($(du -h "$OUT" | cut -f1))"
  exit 0
fi

OUT_DIR=${2:-$ROOT/dist/vsix}
mkdir -p "$OUT_DIR"
for rid in "${ALL_RIDS[@]}"; do
  publish_rid "$rid"
  stage "$rid"
  target=$(target_of "$rid")
  out="$OUT_DIR/codenode-lsp-$target-$VERSION.vsix"
  vsce_package --target "$target" --out "$out"
  echo "package: $out ($(du -h "$out" | cut -f1))"
done
stage ""
vsce_package --out "$OUT_DIR/codenode-lsp-$VERSION.vsix"
echo "package: $OUT_DIR/codenode-lsp-$VERSION.vsix (universal: needs an installed .NET 10 runtime)"
node tests/package/binary-format.mjs "$OUT_DIR"
