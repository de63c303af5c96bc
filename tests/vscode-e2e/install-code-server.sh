#!/usr/bin/env bash
# Installs a runnable VS Code (code-server 4.100.3 = VS Code 1.100.3) plus playwright-core offline, for the e2e tests.
#
# Usage: tests/vscode-e2e/install-code-server.sh [DIR]   (default: .tools/code-server under the clone)
#
# Only the npm registry and Debian's packages are reachable, so code-server's own postinstall (which refuses root
# and downloads ripgrep) cannot run; its steps are done by hand instead. The result is cached: when DIR already holds
# the pinned versions the script only checks them, so CI pays the ~2 minutes once per machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:-$ROOT/.tools/code-server}
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
STAMP="$DIR/.installed-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"
export DEBIAN_FRONTEND=noninteractive
# Native modules are built with node-gyp against the Debian Node headers rather than downloaded ones.
[ -d /usr/include/node ] && export npm_config_nodedir=/usr

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v g++ >/dev/null || need_apt+=(g++)
command -v make >/dev/null || need_apt+=(make)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-code-server: apt-get install ${need_apt[*]}"
  # Other jobs on the machine may hold apt's locks for a while: wait for them rather than fail.
  for try in 1 2 3 4 5 6 7 8 9 10; do
    apt-get -o DPkg::Lock::Timeout=120 update -q >/dev/null && break
    echo "install-code-server: apt-get update failed (try $try), retrying"; sleep 15
  done
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f "$STAMP" ]; then
  echo "install-code-server: cached in $DIR"
  exit 0
fi

rm -rf "$DIR" && mkdir -p "$DIR" && cd "$DIR"
cat > package.json <<JSON
{ "name": "codenode-e2e-tools", "private": true, "version": "0.0.0" }
JSON
npm install --ignore-scripts --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
# argon2 (password hashing) has a node-pre-gyp install that would download a binary: build it from source.
npm_config_yes=true npm_config_build_from_source=true npm rebuild argon2
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild kerberos @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty
ln -sfn node_modules node_modules.asar
( cd bin/remote-cli && ln -sfn code-linux.sh code-server ) 2>/dev/null || true
( cd bin/helpers && ln -sfn browser-linux.sh browser.sh ) 2>/dev/null || true
( cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund )
cd "$DIR"
CODE_SERVER_CONFIG="$DIR/config.yaml" node node_modules/code-server/out/node/entry.js --version
touch "$STAMP"
echo "install-code-server: ready in $DIR"
