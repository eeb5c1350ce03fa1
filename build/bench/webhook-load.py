#!/usr/bin/env python3
"""Webhook API under load: N concurrent senders POST signed Twenty webhooks (valid §7.3 signature, unique bodies)
to /webhooks/twenty for D seconds, then the same senders GET /healthz (a bare 200) for D seconds, against the built
host on 127.0.0.1 with an SQLite inbox; reports accepted/s and p50/p99 latency of each, median of R runs.
Usage: build/bench/webhook-load.py [senders=8] [seconds=10] [runs=3]   (build the host in Release first)."""
import hashlib, hmac, http.client, json, os, socket, statistics, subprocess, sys, tempfile, threading, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.environ.get("HOST_DLL", os.path.join(ROOT, "hosts/Sodimo.Crm.WebhookApi/bin/Release/net10.0/Sodimo.Crm.WebhookApi.dll"))
SENDERS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 10
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
SECRET = "bench-secret-" + "0123456789abcdef" * 4


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_host(directory):
    port = free_port()
    env = dict(os.environ, DOTNET_NOLOGO="1", ASPNETCORE_URLS=f"http://127.0.0.1:{port}",
               Sodimo__Ledger__SqlitePath=os.path.join(directory, "ledger.db"), Sodimo__Webhooks__Secrets__0=SECRET,
               Logging__LogLevel__Default="Warning")
    p = subprocess.Popen(["dotnet", DLL], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return p, port
        except OSError:
            time.sleep(0.05)
    p.kill()
    raise RuntimeError("host did not start")


def webhook_request():
    body = json.dumps({"eventName": "opportunity.updated", "eventDate": "2026-11-27T16:00:00.000Z",
                       "objectMetadata": {"nameSingular": "opportunity"},
                       "record": {"id": str(uuid.uuid4()), "name": "bench"}, "updatedFields": ["name"]}).encode()
    ts = str(int(time.time() * 1000))
    sig = hmac.new(SECRET.encode(), ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return "POST", "/webhooks/twenty", body, {"Content-Type": "application/json", "X-Twenty-Webhook-Timestamp": ts,
                                              "X-Twenty-Webhook-Signature": sig}


def health_request():
    return "GET", "/healthz", None, {}


def load(port, make, expected, seconds=None):
    deadline = time.perf_counter() + (seconds or SECONDS)
    latencies, errors, lock = [], [0], threading.Lock()

    def sender():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            method, path, body, headers = make()
            t0 = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            mine.append(time.perf_counter() - t0)
            bad += r.status != expected
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    q = lambda f: latencies[min(len(latencies) - 1, int(f * len(latencies)))] * 1000
    return {"rps": (len(latencies) - errors[0]) / elapsed, "p50": q(0.50), "p99": q(0.99), "errors": errors[0], "n": len(latencies)}


def main():
    results = {"webhook": [], "healthz": []}
    for run in range(RUNS):
        with tempfile.TemporaryDirectory(prefix="sodimo-webhook-bench-") as directory:
            p, port = start_host(directory)
            try:
                load(port, webhook_request, 202, 1)  # warm-up (JIT, SQLite), not counted
                load(port, health_request, 200, 1)
                results["webhook"].append(load(port, webhook_request, 202))
                results["healthz"].append(load(port, health_request, 200))
            finally:
                p.terminate()
                p.wait(10)
        w, h = results["webhook"][-1], results["healthz"][-1]
        print(f"run {run + 1}: webhook {w['rps']:.0f}/s p50 {w['p50']:.2f} ms p99 {w['p99']:.2f} ms (errors {w['errors']}); "
              f"healthz {h['rps']:.0f}/s p50 {h['p50']:.2f} ms p99 {h['p99']:.2f} ms (errors {h['errors']})", flush=True)
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("rps", "p50", "p99")} for k, v in results.items()}
    print(f"median of {RUNS}, {SENDERS} senders, {SECONDS:g} s each:")
    for k in ("webhook", "healthz"):
        print(f"  {k:8} {med[k]['rps']:8.0f}/s  p50 {med[k]['p50']:6.2f} ms  p99 {med[k]['p99']:6.2f} ms")
    print(f"  webhook/healthz throughput ratio {med['webhook']['rps'] / med['healthz']['rps']:.2f}")


if __name__ == "__main__":
    main()
