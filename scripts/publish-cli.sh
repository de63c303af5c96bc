#!/usr/bin/env bash
# Publishes the `codenode` CLI as one self-contained file (no .NET needed to run it) for this machine or a given RID.
#
# Usage: bash scripts/publish-cli.sh [OUT_DIR] [RID]
#   OUT_DIR  where the program goes (default: dist/cli/RID); put it on PATH or copy `codenode` to a folder on PATH.
#   RID      linux-x64, linux-arm64, osx-x64, osx-arm64 or win-x64 (default: this machine's).
# Needs the .NET 10 SDK; the runtime pack of RID is restored from NuGet (the RIDs are listed in server/CodeNodeLsp.csproj,
# so the restore is locked). CODENODE_READY_TO_RUN=0 skips ahead-of-time compilation (faster to build, slower to start).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
host_rid() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; MINGW*|MSYS*|CYGWIN*) os=win ;; *) echo "unknown OS $(uname -s)" >&2; exit 2 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) echo "unknown CPU $(uname -m)" >&2; exit 2 ;; esac
  echo "$os-$arch"
}
RID=${2:-$(host_rid)}
OUT=${1:-$ROOT/dist/cli/$RID}
R2R=${CODENODE_READY_TO_RUN:-1}
[ "$R2R" = 1 ] && r2r=true || r2r=false
dotnet publish "$ROOT/server/CodeNodeLsp.csproj" -c Release -r "$RID" --self-contained -p:PublishSingleFile=true \
  -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishReadyToRun=$r2r -p:DebugType=none -o "$OUT" -nologo -v quiet
exe="$OUT/codenode"; [ "${RID%%-*}" = win ] && exe="$OUT/codenode.exe"
[ "$RID" = "$(host_rid)" ] && "$exe" --version >/dev/null
echo "codenode for $RID: $exe"
