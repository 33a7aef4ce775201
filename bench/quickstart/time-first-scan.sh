#!/usr/bin/env bash
# Fresh clone → first scan result, timed. Usage: time-first-scan.sh <source repo> <workdir>
# (set YARN_GLOBAL_FOLDER=<empty dir> to measure with an empty Yarn cache). Ports 3000 and 7007 must be free.
set -u
src="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
t0=$(date +%s)
git clone -q "$src" "$work/platform-kit"
cd "$work/platform-kit"
./kit start > "$work/start.log" 2>&1 &
kit_pid=$!
answered=""
while true; do
  now=$(date +%s)
  if [ $((now - t0)) -gt 1500 ]; then echo "timeout"; break; fi
  token=$(curl -s -X POST -H 'content-type: application/json' -d '{}' http://localhost:7007/api/auth/guest/refresh 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["backstageIdentity"]["token"])' 2>/dev/null)
  if [ -n "$token" ]; then
    [ -n "$answered" ] || { answered=$((now - t0)); echo "backend answers after ${answered}s"; }
    score=$(curl -s -H "authorization: Bearer $token" http://localhost:7007/api/platform-kit/entities/resource/default/acme-tasks-db/parity | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("score"))' 2>/dev/null)
    if [ -n "$score" ] && [ "$score" != "None" ]; then
      echo "first scan result after $((now - t0))s: acme-tasks-db parity score $score"
      findings=$(curl -s -H "authorization: Bearer $token" "http://localhost:7007/api/platform-kit/entities/resource/default/acme-tasks-db/findings?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("total"))' 2>/dev/null)
      echo "findings total: $findings"
      break
    fi
  fi
  sleep 2
done
grep -n "kit:\|ready\|http://localhost:3000" "$work/start.log" | head -10
kill -- -$kit_pid 2>/dev/null; kill $kit_pid 2>/dev/null
pkill -f "$work/platform-kit" 2>/dev/null
sleep 3
pkill -9 -f "$work/platform-kit" 2>/dev/null
true
