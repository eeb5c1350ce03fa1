#!/usr/bin/env bash
# A third-party MCP client against the host: installs the MCP Inspector (pinned) from npm, lists the tools of
# `--sandbox` and calls crm_list_deals. Exit 0 when both work, 1 when they do not, 3 when npm is not installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="0.21.2"
CACHE="${SODIMO_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sodimo}/mcp-inspector-$VERSION"
HOST_DLL="${HOST_DLL:-$ROOT/hosts/Sodimo.Crm.McpHost/bin/Release/net10.0/Sodimo.Crm.McpHost.dll}"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "mcp-inspector-check: npm/node not installed; skipped" >&2
  exit 3
fi

INSPECTOR="$CACHE/node_modules/.bin/mcp-inspector"
if [ ! -x "$INSPECTOR" ]; then
  echo "mcp-inspector-check: installing @modelcontextprotocol/inspector@$VERSION into $CACHE" >&2
  npm install --no-audit --no-fund --loglevel=error --prefix "$CACHE" "@modelcontextprotocol/inspector@$VERSION" >&2
fi

if [ ! -f "$HOST_DLL" ]; then
  dotnet build "$ROOT/hosts/Sodimo.Crm.McpHost/Sodimo.Crm.McpHost.csproj" -c Release -v quiet >&2
fi

list="$("$INSPECTOR" --cli dotnet "$HOST_DLL" --sandbox --method tools/list)"
call="$("$INSPECTOR" --cli dotnet "$HOST_DLL" --sandbox --method tools/call --tool-name crm_list_deals \
  --tool-arg "pipeline=Export Clients" --tool-arg limit=3)"

LIST="$list" CALL="$call" node -e '
  const list = JSON.parse(process.env.LIST), call = JSON.parse(process.env.CALL);
  const names = list.tools.map(t => t.name).sort();
  const want = ["crm_add_activity","crm_advance_stage","crm_get_contact","crm_list_deals","crm_search","crm_upsert_contact"];
  if (JSON.stringify(names) !== JSON.stringify(want)) { console.error("tools/list: " + names.join(", ")); process.exit(1); }
  const deals = call.structuredContent && call.structuredContent.deals;
  if (call.isError || !Array.isArray(deals) || deals.length !== 3 || deals.some(d => d.pipeline !== "Export Clients")) {
    console.error("tools/call crm_list_deals: " + JSON.stringify(call).slice(0, 500)); process.exit(1);
  }
  console.log("mcp-inspector-check: MCP Inspector '"$VERSION"' listed the 6 tools of --sandbox and crm_list_deals returned " + deals.length + " Export Clients deals: ok");
'
