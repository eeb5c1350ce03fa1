#!/usr/bin/env python3
"""The Native AOT MCP host, checked end to end over stdio (what the unit tests cannot do: they run the JIT build).

Usage: build/mcp-host-aot-check.py [--publish] [path/to/Sodimo.Crm.McpHost]
  --publish  first runs `dotnet publish hosts/Sodimo.Crm.McpHost -c Release -r linux-x64 -p:McpHostAot=true`
             into artifacts/mcp-host/aot (several minutes).
Checks, each failing with a message and exit code 1:
  1. without Twenty settings the host stops at once with exit code 2, one line on stderr, nothing on stdout;
  2. with a bad SDK setting (RequestsPerMinute=-1) likewise;
  3. with --sandbox: initialize (server name), tools/list (the six tools), crm_list_deals on Export Clients (deals with
     their client codes), crm_advance_stage (a write through the ledger), the same call again with the same
     idempotency_key (replayed from the SQLite ledger, nothing written twice), crm_search.
"""
import json, os, select, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT = os.path.join(ROOT, "hosts/Sodimo.Crm.McpHost")
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
EXE = ARGS[0] if ARGS else os.path.join(ROOT, "artifacts/mcp-host/aot/Sodimo.Crm.McpHost")
TOOLS = {"crm_list_deals", "crm_get_contact", "crm_search", "crm_upsert_contact", "crm_advance_stage", "crm_add_activity"}
CLEAN = {k: v for k, v in os.environ.items() if not k.upper().startswith("SODIMO__")}


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}")
        sys.exit(1)


def fails_at_start(env, expected):
    p = subprocess.run([EXE], stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=30)
    lines = p.stderr.decode().strip().splitlines()
    check(p.returncode == 2, f"exit code {p.returncode}, expected 2 ({p.stderr.decode()[-500:]})")
    check(p.stdout == b"", f"stdout not empty: {p.stdout[:200]!r}")
    check(len(lines) == 1 and lines[0].startswith("Sodimo.Crm.McpHost: ") and expected in lines[0], f"stderr: {lines}")
    print(f"ok  start refused: {lines[0][:110]}")


def round_trip():
    stderr = tempfile.TemporaryFile()  # a file, not a pipe: an unread pipe could fill and stall the host
    p = subprocess.Popen([EXE, "--sandbox"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=CLEAN)

    def log_tail():
        stderr.seek(0)
        return stderr.read().decode(errors="replace")[-2000:]
    next_id = [0]

    def call(method, params=None):
        next_id[0] += 1
        msg = {"jsonrpc": "2.0", "id": next_id[0], "method": method}
        if params is not None:
            msg["params"] = params
        p.stdin.write((json.dumps(msg) + "\n").encode()); p.stdin.flush()
        while True:
            check(select.select([p.stdout], [], [], 60)[0], f"{method}: no answer within 60 s; stderr: {log_tail()}")
            line = p.stdout.readline()
            check(line, f"host closed stdout; stderr: {log_tail()}")
            reply = json.loads(line)  # every stdout line must be JSON-RPC
            if reply.get("id") == next_id[0]:
                check("error" not in reply, f"{method}: {reply}")
                return reply["result"]

    def tool(name, arguments):
        result = call("tools/call", {"name": name, "arguments": arguments})
        check(not result.get("isError"), f"{name}: {result['content'][0]['text'][:500]}")
        return result["structuredContent"]

    t0 = time.perf_counter()
    init = call("initialize", {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "aot-check", "version": "1"}})
    check(init["serverInfo"]["name"] == "sodimo-crm", init)
    p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n'); p.stdin.flush()
    tools = call("tools/list")["tools"]
    check({t["name"] for t in tools} == TOOLS, [t["name"] for t in tools])
    print(f"ok  initialize + tools/list: {len(tools)} tools ({(time.perf_counter() - t0) * 1000:.0f} ms with --sandbox)")

    deals = tool("crm_list_deals", {"pipeline": "Export Clients", "limit": 20})["deals"]
    check(deals and all(d["pipeline"] == "Export Clients" and d["client_code"] for d in deals), deals)
    print(f"ok  crm_list_deals: {len(deals)} Export Clients deals, e.g. {deals[0]['client_code']} {deals[0]['stage']}")

    deal = next(d for d in deals if d["stage"] == "Proforma Sent")
    args = {"deal_id": deal["id"], "stage": "Proforma confirmed", "skill": "aot-check", "idempotency_key": "aot-check-1"}
    moved = tool("crm_advance_stage", args)
    check(moved["changed"] and not moved["replayed"] and moved["to_stage"] == "Proforma confirmed", moved)
    again = tool("crm_advance_stage", args)
    check(again["replayed"] and again["deal_id"] == moved["deal_id"], again)
    print(f"ok  crm_advance_stage: written once, the repeat (same idempotency_key) replayed from the SQLite ledger")

    found = tool("crm_search", {"query": deal["client_code"]})
    check(json.dumps(found).count(deal["client_code"]) > 0, found)
    print("ok  crm_search")
    p.stdin.close()
    check(p.wait(30) == 0, f"exit code {p.returncode}")


if "--publish" in sys.argv:
    subprocess.run(["dotnet", "publish", PROJECT, "-c", "Release", "-r", "linux-x64", "-p:McpHostAot=true",
                    "-o", os.path.dirname(EXE)], check=True, cwd=ROOT)
check(os.path.exists(EXE), f"{EXE} not found (run with --publish)")
fails_at_start(CLEAN, "Twenty is not configured")
fails_at_start(dict(CLEAN, SODIMO__TWENTY__BASEURL="http://127.0.0.1:9", SODIMO__TWENTY__APIKEY="k", SODIMO__TWENTY__REQUESTSPERMINUTE="-1"),
               "RequestsPerMinute is -1")
round_trip()
print("AOT host: all checks passed")
