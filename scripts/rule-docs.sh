#!/usr/bin/env bash
# Regenerates docs/rules/ from the rule catalogue (one page per rule family and an index); run after changing a rule.
# Usage: bash scripts/rule-docs.sh   (builds the server in Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build server/CodeNodeLsp.csproj -c Release -nologo -v quiet >/dev/null
CODENODE=(dotnet server/bin/Release/net10.0/codenode.dll)
mkdir -p docs/rules
rm -f docs/rules/*.md
for page in $("${CODENODE[@]}" rules --docs-page list); do
  "${CODENODE[@]}" rules --docs-page "$page" > "docs/rules/$page"
done
echo "rule-docs: wrote $(ls docs/rules | wc -l) pages to docs/rules"
