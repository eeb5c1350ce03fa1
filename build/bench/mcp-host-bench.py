#!/usr/bin/env python3
"""MCP host: cold start to the first tools/list answer for each build of the host (JIT, ReadyToRun, Native AOT), each
against its own runtime floor (`--help`, which exits before the host is built), all measured in one run with the
builds interleaved run by run so machine load hits them alike; then RSS after 1,000 tool calls on --sandbox.

Usage: build/bench/mcp-host-bench.py [runs] [--publish] [--no-memory]
  --publish  first builds the three forms: `dotnet build -c Release` (JIT), `dotnet publish -r linux-x64
             -p:PublishReadyToRun=true` and `dotnet publish -r linux-x64 -p:McpHostAot=true` (Native AOT; both into artifacts/).
A build whose output is missing is left out of the table (and said so). Paths: HOST_DLL, HOST_R2R_DLL, HOST_AOT_EXE;
HOST_BASELINE_DLL adds another JIT build (an earlier commit's) as the first row, for a before/after in the same run.
Wall time is what a client waits; CPU time (user + sys of the host process, from wait4) is less sensitive to the load
other processes put on the machine."""
import json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, "hosts/Sodimo.Crm.McpHost")
ART = os.path.join(ROOT, "artifacts/mcp-host")
JIT = os.environ.get("HOST_DLL", os.path.join(PROJECT, "bin/Release/net10.0/Sodimo.Crm.McpHost.dll"))
R2R = os.environ.get("HOST_R2R_DLL", os.path.join(ART, "r2r/Sodimo.Crm.McpHost.dll"))
AOT = os.environ.get("HOST_AOT_EXE", os.path.join(ART, "aot/Sodimo.Crm.McpHost"))
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS else 9
ENV = dict(os.environ, SODIMO__TWENTY__BASEURL="http://127.0.0.1:9", SODIMO__TWENTY__APIKEY="bench", DOTNET_NOLOGO="1",
           SODIMO__TWENTY__REQUESTSPERMINUTE="0")
EXPECTED_TOOLS = {"crm_list_deals", "crm_get_contact", "crm_search", "crm_upsert_contact", "crm_advance_stage", "crm_add_activity"}


def publish():
    def run(*args):
        print("$", " ".join(args), flush=True)
        subprocess.run(args, check=True, cwd=ROOT)
    run("dotnet", "build", PROJECT, "-c", "Release")
    run("dotnet", "publish", PROJECT, "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
        "-p:PublishReadyToRun=true", "-o", os.path.dirname(R2R))
    run("dotnet", "publish", PROJECT, "-c", "Release", "-r", "linux-x64", "-p:McpHostAot=true", "-o", os.path.dirname(AOT))


def command(build, *args):
    return (["dotnet", build["path"]] if build["path"].endswith(".dll") else [build["path"]]) + list(args)


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


def cpu_ms(pid):
    _, status, usage = os.wait4(pid, 0)
    return (usage.ru_utime + usage.ru_stime) * 1000


def cold_start(build):
    t0 = time.perf_counter()
    p = subprocess.Popen(command(build), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    handshake(p)
    send(p, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    tools = read_id(p, 2)["result"]["tools"]
    elapsed = (time.perf_counter() - t0) * 1000
    assert {t["name"] for t in tools} == EXPECTED_TOOLS, tools
    p.stdin.close()
    cpu = cpu_ms(p.pid)  # the whole process, start to exit (stdin closed right after the answer)
    p.returncode = 0
    p.stdout.close()
    return elapsed, cpu


def runtime_floor(build):
    t0 = time.perf_counter()
    p = subprocess.Popen(command(build, "--help"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    cpu = cpu_ms(p.pid)
    p.returncode = 0
    return (time.perf_counter() - t0) * 1000, cpu


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def memory_after_calls(build, calls=1000):
    p = subprocess.Popen(command(build, "--sandbox"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    handshake(p)
    start = rss_mb(p.pid)
    t0 = time.perf_counter()
    for i in range(calls):
        send(p, {"jsonrpc": "2.0", "id": 100 + i, "method": "tools/call", "params": {"name": "crm_list_deals", "arguments": {"pipeline": "Export Clients", "limit": 5}}})
        r = read_id(p, 100 + i)
        assert not r["result"].get("isError"), r
        assert r["result"]["structuredContent"]["deals"], r
    per_call = (time.perf_counter() - t0) * 1000 / calls
    end = rss_mb(p.pid)
    p.stdin.close(); p.wait(10)
    return start, end, per_call


def main():
    if "--publish" in sys.argv:
        publish()
    forms = [("JIT", JIT), ("ReadyToRun", R2R), ("Native AOT", AOT)]
    if os.environ.get("HOST_BASELINE_DLL"):  # e.g. an earlier commit's JIT build, for a before/after in the same run
        forms.insert(0, ("JIT, baseline build", os.environ["HOST_BASELINE_DLL"]))
    builds = [{"name": n, "path": path} for n, path in forms if os.path.exists(path)]
    for n, path in forms:
        if not os.path.exists(path):
            print(f"{n}: {path} not found, left out (run with --publish)")
    for b in builds:
        b["floor"], b["cold"] = [], []
        cold_start(b)  # warm the file cache once; not counted
    load_before = os.getloadavg()
    for _ in range(RUNS):
        for b in builds:
            b["floor"].append(runtime_floor(b))
        for b in builds:
            b["cold"].append(cold_start(b))
    load_after = os.getloadavg()

    print(f"runs={RUNS} each, interleaved; load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print("| Build | Runtime floor (`--help`), wall / CPU | Cold start to first `tools/list`, wall median (min–max) | CPU | Cold start − floor (wall) |")
    print("|---|---:|---:|---:|---:|")
    for b in builds:
        fw = statistics.median(w for w, _ in b["floor"]); fc = statistics.median(c for _, c in b["floor"])
        walls = [w for w, _ in b["cold"]]; cw = statistics.median(walls); cc = statistics.median(c for _, c in b["cold"])
        b["median"] = cw
        print(f"| {b['name']} | {fw:.0f} ms / {fc:.0f} ms | {cw:.0f} ms ({min(walls):.0f}–{max(walls):.0f}) | {cc:.0f} ms | {cw - fw:.0f} ms |")
    base = builds[0]
    for b in builds[1:]:
        print(f"{b['name']} / {base['name']} cold start: {b['median'] / base['median']:.2f}x")
    if "--no-memory" in sys.argv:
        return
    for b in builds:
        start, end, per_call = memory_after_calls(b)
        print(f"{b['name']}: --sandbox RSS after handshake {start:.0f} MB, after 1,000 crm_list_deals calls {end:.0f} MB "
              f"(host + in-process emulator); {per_call:.1f} ms per call")


if __name__ == "__main__":
    main()
