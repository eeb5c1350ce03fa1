#!/usr/bin/env python3
"""MCP host: cold start to the first tools/list answer (median of N runs), against the .NET runtime's own start
(`--help`, which exits before building the host) measured in the same run; then RSS after 1,000 tool calls on --sandbox.
Usage: build/bench/mcp-host-bench.py [runs]   (build the host in Release first)."""
import json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.environ.get("HOST_DLL", os.path.join(ROOT, "hosts/Sodimo.Crm.McpHost/bin/Release/net10.0/Sodimo.Crm.McpHost.dll"))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
ENV = dict(os.environ, SODIMO__TWENTY__BASEURL="http://127.0.0.1:9", SODIMO__TWENTY__APIKEY="bench", DOTNET_NOLOGO="1")

def send(p, msg):
    p.stdin.write((json.dumps(msg) + "\n").encode()); p.stdin.flush()

def read_id(p, want):
    while True:
        line = p.stdout.readline()
        if not line:
            raise RuntimeError("host closed stdout")
        msg = json.loads(line)
        if msg.get("id") == want:
            return msg

def handshake(p):
    send(p, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
    read_id(p, 1)
    send(p, {"jsonrpc": "2.0", "method": "notifications/initialized"})

def cold_start():
    t0 = time.perf_counter()
    p = subprocess.Popen(["dotnet", DLL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    handshake(p)
    send(p, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    tools = read_id(p, 2)["result"]["tools"]
    elapsed = (time.perf_counter() - t0) * 1000
    assert len(tools) == 6
    p.stdin.close(); p.wait(10)
    return elapsed

def runtime_floor():
    t0 = time.perf_counter()
    subprocess.run(["dotnet", DLL, "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=True)
    return (time.perf_counter() - t0) * 1000

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def memory_after_calls(calls=1000):
    p = subprocess.Popen(["dotnet", DLL, "--sandbox"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    handshake(p)
    start = rss_mb(p.pid)
    t0 = time.perf_counter()
    for i in range(calls):
        send(p, {"jsonrpc": "2.0", "id": 100 + i, "method": "tools/call", "params": {"name": "crm_list_deals", "arguments": {"pipeline": "Export Clients", "limit": 5}}})
        r = read_id(p, 100 + i)
        assert not r["result"].get("isError"), r
    per_call = (time.perf_counter() - t0) * 1000 / calls
    end = rss_mb(p.pid)
    p.stdin.close(); p.wait(10)
    return start, end, per_call

floor = [runtime_floor() for _ in range(RUNS)]
cold = [cold_start() for _ in range(RUNS)]
m_floor, m_cold = statistics.median(floor), statistics.median(cold)
print(f"runs={RUNS}  runtime floor (--help) median {m_floor:.0f} ms  |  cold start to first tools/list median {m_cold:.0f} ms "
      f"(min {min(cold):.0f}, max {max(cold):.0f})  |  ratio {m_cold / m_floor:.2f}x the floor")
start, end, per_call = memory_after_calls()
print(f"--sandbox RSS after handshake {start:.0f} MB, after 1,000 crm_list_deals calls {end:.0f} MB (host + in-process emulator); "
      f"{per_call:.1f} ms per call")
