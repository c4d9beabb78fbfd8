# Sourced by .ci/schemathesis and .ci/openapi-client: starts `python -m gateway up`
# on a free port with a fresh instance (and, on PostgreSQL, a fresh schema),
# makes an admin key, waits for /healthz; on exit stops it and removes all of it.
# Sets PY, port, key and work.
PY=.venv/bin/python
work=$(mktemp -d /tmp/gateway-ci.XXXXXX)
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export GATEWAY_INSTANCE_PATH="$work/instance"
# schemathesis's ignored_auth check sends wrong keys on purpose; the brake on
# failed authentications (429 for the rest of the minute) would then refuse
# the good key too, so it is lifted for this run.
export AUTH_FAILURES_PER_MINUTE=1000000
pg_schema() {  # create | drop
  $PY -c 'import sys, sqlalchemy
url, schema, what = sys.argv[1:]
sql = f"CREATE SCHEMA \"{schema}\"" if what == "create" else f"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"
with sqlalchemy.create_engine(url).begin() as conn:
    conn.exec_driver_sql(sql)' "$base_url" "$schema" "$1"
}
schema=""
base_url=${DATABASE_URL:-}
if [ -n "$base_url" ]; then
  schema="gw_ci_$$"
  pg_schema create
  sep="?"; [[ "$base_url" == *"?"* ]] && sep="&"
  export DATABASE_URL="${base_url}${sep}options=-csearch_path%3D${schema}"
fi

gateway_pid=""
cleanup() {
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid"  # `up` stops its children and its Redis
    for _ in $(seq 1 150); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$gateway_pid" 2>/dev/null && kill -KILL -- "-$gateway_pid" 2>/dev/null
    wait "$gateway_pid" 2>/dev/null || true
  fi
  [ -z "$schema" ] || pg_schema drop || true
  rm -rf "$work"
}
trap cleanup EXIT

# Its own process group, so that a stuck gateway can be stopped whole.
setsid $PY -m gateway up --host 127.0.0.1 --port "$port" >"$work/up.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/up.log"; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
key=$($PY -m gateway keys create --role admin --name "ci-$$" | tail -n 1)

