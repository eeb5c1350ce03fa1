#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites in Release. Usage: build/bench/run.sh [--filter '*Emulator*'] [BDN args]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet run -c Release --project "$root/build/bench/Sodimo.Crm.Benchmarks" -- "$@"
