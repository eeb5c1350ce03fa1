#!/usr/bin/env bash
# Loopback services for the tests. Sourced by build/test.sh; each service is started only when its
# server program is installed (.ci/run installs them) and the caller has not given its own.
_svc_dir=""

start_services() {
  _svc_dir=$(mktemp -d /tmp/sodimo-crm-services.XXXXXX)
  chmod 755 "$_svc_dir"
  if [ -z "${SODIMO_TEST_POSTGRES:-}" ]; then start_postgres; fi
}

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "services: PostgreSQL server not installed; PostgreSQL tests will be skipped (CI installs it)" >&2
    return 0
  fi
  local data="$_svc_dir/pg" port=55432 run=()
  # PostgreSQL refuses to run as root: use the postgres account when we are root.
  if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); chown postgres "$_svc_dir"; fi
  while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  "${run[@]}" "$bin/initdb" -D "$data" -U sodimo --auth=trust -E UTF8 >"$_svc_dir/initdb.log" 2>&1 || {
    echo "services: initdb failed:" >&2; cat "$_svc_dir/initdb.log" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$_svc_dir/pg.log" -w -o "-h 127.0.0.1 -p $port -k $_svc_dir -F" start >/dev/null || {
    echo "services: PostgreSQL did not start:" >&2; cat "$_svc_dir/pg.log" >&2; return 1; }
  export SODIMO_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=sodimo;Database=postgres"
  _pg_stop=("${run[@]}" "$bin/pg_ctl" -D "$data" -m fast stop)
  echo "services: PostgreSQL on 127.0.0.1:$port" >&2
}

stop_services() {
  if [ -n "${_pg_stop:-}" ]; then "${_pg_stop[@]}" >/dev/null 2>&1 || true; fi
  [ -n "$_svc_dir" ] && rm -rf "$_svc_dir"
}
