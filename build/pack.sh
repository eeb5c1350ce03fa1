#!/usr/bin/env bash
# Packs the SDK (Sodimo.Crm.Domain, .Application, .Infrastructure, .Testing) as NuGet packages, with symbol packages
# (.snupkg), XML docs, the repository README and SourceLink metadata. Every package gets the same version: <Version>
# from Directory.Build.props unless --version is given.
# Usage: build/pack.sh [--version X.Y.Z[-suffix]] [--output DIR] [--configuration C] [--no-build]
#   --output         where the .nupkg/.snupkg files go (default artifacts/packages)
#   --configuration  Release (default) or Debug
#   --no-build       pack the existing build output (after `dotnet build -c Release`); with --version, only the
#                    package version changes, the assemblies keep the version they were built with
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

version=""
output="$root/artifacts/packages"
build_flag=""
configuration="Release"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --configuration) configuration="$2"; shift 2 ;;
    --no-build) build_flag="--no-build"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

projects=(
  src/Sodimo.Crm.Domain/Sodimo.Crm.Domain.csproj
  src/Sodimo.Crm.Application/Sodimo.Crm.Application.csproj
  src/Sodimo.Crm.Infrastructure/Sodimo.Crm.Infrastructure.csproj
  src/Sodimo.Crm.Testing/Sodimo.Crm.Testing.csproj
)

props=(-c "$configuration" -nologo -clp:ErrorsOnly -o "$output" -p:ContinuousIntegrationBuild=true)
if [ -n "$version" ]; then
  props+=("-p:Version=$version")
fi

if ! git -C "$root" remote get-url origin >/dev/null 2>&1; then
  echo "note: no 'origin' git remote: the packages carry the commit but no repository URL, and the PDBs no SourceLink map" >&2
fi

mkdir -p "$output"
for project in "${projects[@]}"; do
  dotnet pack "$project" $build_flag "${props[@]}"
done
ls -1 "$output"/Sodimo.Crm.*.nupkg
