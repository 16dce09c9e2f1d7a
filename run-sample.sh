#!/usr/bin/env bash
# Starts the hub and the four sample department adapters over freshly generated legacy databases:
# household registry (SQLite, SQL mapping), civil affairs (SQLite, SQL mapping), social security
# (PostgreSQL, SQL mapping) and grid management (SQLite, code plugin). Ctrl+C stops everything.
# RESIDENTS=2000 by default; SAMPLE_DIR=./sample-run (emptied first); HUB_PORT=5080.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
residents=${RESIDENTS:-2000}
out=$(mkdir -p "${SAMPLE_DIR:-sample-run}" && cd "${SAMPLE_DIR:-sample-run}" && pwd)
hub_port=${HUB_PORT:-5080}
hub_url="http://127.0.0.1:$hub_port"
pids=()
pg_data=""

stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    kill -INT "$(head -n 1 "$pg_data/postmaster.pid")" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

echo "== building (Release)"
dotnet build Hub.sln -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
bin=bin/Release/net10.0

echo "== PostgreSQL for the social-security department"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] && [ "$(id -u)" = 0 ]; then
  echo "   installing postgresql (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
rm -rf "$out" && mkdir -p "$out"
postgres_arg=()
if [ -n "$pg_bin" ]; then
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  pg_data="$out/pg/data"
  mkdir -p "$out/pg"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$out/pg"; as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$out/pg/initdb.log" 2>&1
  "${as_pg[@]}" "$pg_bin/postgres" -D "$pg_data" -p "$pg_port" -k "$out/pg" -c listen_addresses=127.0.0.1 >"$out/pg/postgres.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q && break; sleep 0.1; done
  export SOCIAL_SECURITY_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=social_security"
  postgres_arg=(--postgres "$SOCIAL_SECURITY_PG")
  echo "   private cluster on 127.0.0.1:$pg_port"
else
  echo "   PostgreSQL is not installed: social security uses SQLite this time (apt-get install -y postgresql)"
fi

echo "== generating $residents residents and the four legacy databases in $out"
dotnet "tools/Hub.SampleData/$bin/hub-sampledata.dll" legacy --residents "$residents" --out "$out" "${postgres_arg[@]}"

echo "== starting the hub on $hub_url (log: $out/hub.log)"
dotnet "src/Hub/$bin/Hub.dll" --urls "$hub_url" --Hub:DataDirectory="$out/hub-data" >"$out/hub.log" 2>&1 &
pids+=($!)
# A fresh hub writes its first admin key into its data folder; hubctl uses it for the set-up below.
admin_key="$out/hub-data/admin.key"
hubctl=(dotnet "tools/hubctl/$bin/hubctl.dll" --hub "$hub_url" --api-key-file "$admin_key")
for _ in $(seq 1 400); do [ -f "$admin_key" ] && "${hubctl[@]}" dict list >/dev/null 2>&1 && break; sleep 0.05; done

echo "== importing the departments' code mappings"
for f in "$out"/mappings/*.csv; do
  name=$(basename "$f" .csv)
  "${hubctl[@]}" dict import "${name%%.*}" "${name#*.}" "$f" | sed 's/^/   /'
done

echo "== routing street-light cases (category 01) in 柯城区 to grid management (its adapter mirrors them into WG_AJ)"
"${hubctl[@]}" routing put --category 01 --division 330802000000 --lead grid | sed 's/^/   /'

echo "== starting the four adapters, each with a key of its own that may push only its department's records"
for department in household civil-affairs social-security grid; do
  "${hubctl[@]}" policy set "$department-adapter" --ingest-department "$department" --rpc hub.v1.AdapterRegistryService/Register \
    --rpc hub.v1.AdapterRegistryService/Heartbeat --rpc hub.v1.IngestService/Push \
    --rpc hub.v1.CaseService/WatchCases --rpc hub.v1.CaseService/GetCase --rpc hub.v1.CaseService/TransitionCase \
    --department "$department" >/dev/null
  adapter_key=$("${hubctl[@]}" keys create "$department-adapter" 2>/dev/null)
  dotnet "src/Adapters/Hub.Adapters.Host/$bin/hub-adapter.dll" --config "$out/$department.json" --Adapter:Hub="$hub_url" --Adapter:ApiKey="$adapter_key" \
    > >(tee "$out/$department.log") 2>&1 &
  pids+=($!)
done

# Wait until every adapter reports an empty backlog, then show a resident known to all four departments.
for _ in $(seq 1 600); do
  done_count=0
  for department in household civil-affairs social-security grid; do
    grep -qE "accepted [1-9][0-9]*, .*backlog 0(;|$)" "$out/$department.log" 2>/dev/null && done_count=$((done_count + 1))
  done
  [ "$done_count" -eq 4 ] && break
  sleep 0.5
done
person=$(awk -F, 'NR > 1 { n[$3]++; if ($1 == "grid") g[$3] = $2 } END { for (p in n) if (n[p] == 4) { print g[p]; exit } }' "$out/truth.csv")
cat <<TEXT

== the four departments are synced. One resident, linked across all four (from truth.csv: $person):

   KEY="authorization: Bearer \$(cat $admin_key)"
   npx buf curl --protocol grpc --http2-prior-knowledge -H "\$KEY" -H "x-hub-purpose: demo" -d '{"sourceRef":{"department":"grid","localId":"$person"}}' $hub_url/hub.v1.ResidentService/LookupResident

   the adapters and their checkpoints:
   npx buf curl --protocol grpc --http2-prior-knowledge -H "\$KEY" -d '{}' $hub_url/hub.v1.AdapterRegistryService/ListAdapters

   who read that resident's data (the audit log), and whether the log is intact:
   npx buf curl --protocol grpc --http2-prior-knowledge -H "\$KEY" -d '{"caller":"admin"}' $hub_url/hub.v1.AuditService/ListAccess
   npx buf curl --protocol grpc --http2-prior-knowledge -H "\$KEY" -d '{}' $hub_url/hub.v1.AuditService/VerifyChain

   a live facet from the grid adapter (DepartmentAdapterService on its own port):
   npx buf curl --schema $root/protos --protocol grpc --http2-prior-knowledge -d '{"sourceRefs":[{"department":"grid","localId":"$person"}],"fields":["grid_cell","reported_events"]}' http://127.0.0.1:7104/hub.v1.DepartmentAdapterService/GetFacet

   a case for the grid: submit it, then accept and dispatch it (CASE_ID from the answer; versions 1 and 2):
   npx buf curl --protocol grpc --http2-prior-knowledge -H "\$KEY" -d '{"requestId":"demo-1","channel":"CASE_CHANNEL_HOTLINE","categoryCode":"0102","description":"路灯不亮","location":{"addressText":"浙江省衢州市柯城区新新街道新桥路12号"}}' $hub_url/hub.v1.CaseService/SubmitCase
   npx buf curl --protocol grpc --http2-prior-knowledge -H "\$KEY" -d '{"caseId":"CASE_ID","targetState":"CASE_STATE_ACCEPTED","expectedVersion":1,"actorDepartment":"dispatch-centre"}' $hub_url/hub.v1.CaseService/TransitionCase
   npx buf curl --protocol grpc --http2-prior-knowledge -H "\$KEY" -d '{"caseId":"CASE_ID","targetState":"CASE_STATE_DISPATCHED","expectedVersion":2,"actorDepartment":"dispatch-centre"}' $hub_url/hub.v1.CaseService/TransitionCase
   it appears in the grid's legacy table; a worker's status goes back to the hub as the grid task's move:
   sqlite3 $out/grid.db "SELECT AJID, ZT, PTZT FROM WG_AJ"
   sqlite3 $out/grid.db "UPDATE WG_AJ SET ZT = '处理中' WHERE AJID = 'CASE_ID'"

Ctrl+C stops the hub, the adapters and PostgreSQL.
TEXT
wait
