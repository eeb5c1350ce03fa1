#!/usr/bin/env bash
# Webhook host under load: publishes the host and the load generator (Release), then for each run starts the host
# on 127.0.0.1 with an SQLite ledger (WAL, synchronous=FULL) in a fresh temp directory and drives GET /healthz (the
# baseline) and POST /webhooks/twenty (pre-signed distinct deliveries) over many keep-alive connections.
# Host and generator are separate processes on the same cores. Figures go to docs/benchmarks/webhooks.md.
# Usage: build/bench/webhook-load.sh [--connections 64] [--seconds 10] [--warmup 2] [--runs 3] [--setting Key=Value ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/sodimo-webhook-load-bin.XXXXXX")
trap 'rm -rf "$out"' EXIT
dotnet publish "$root/hosts/Sodimo.Crm.WebhookApi" -c Release -o "$out/host" --nologo -v quiet
dotnet publish "$root/build/bench/Sodimo.Crm.WebhookLoad" -c Release -o "$out/load" --nologo -v quiet
echo "uptime: $(uptime)"
dotnet "$out/load/Sodimo.Crm.WebhookLoad.dll" --host-dll "$out/host/Sodimo.Crm.WebhookApi.dll" "$@"
echo "uptime: $(uptime)"
