#!/usr/bin/env bash
# A three-node LatencyNAS cluster on this machine, on loopback ports:
#   node 1  api + search                        remoting 127.0.0.1:$BASE_PORT,     HTTP 127.0.0.1:$HTTP_PORT
#   node 2  predict + measure (simulated rtx2080ti)       127.0.0.1:$((BASE_PORT+1))
#   node 3  measure (note10, its lookup table)            127.0.0.1:$((BASE_PORT+2))
# Node 1 is the seed node; the others join it.
#
#   cluster/local-3node.sh start    start the nodes (builds target/latnas.jar first if needed)
#   cluster/local-3node.sh status   which nodes run, and GET /v1/cluster
#   cluster/local-3node.sh stop     SIGTERM each node: it leaves the cluster, then stops
#
# Logs and pids go to $RUN_DIR (default runs/cluster). Environment: BASE_PORT (25521), HTTP_PORT (8081),
# RUN_DIR, LATNAS_JAVA_OPTS (default -Xmx1g per node).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_dir="${RUN_DIR:-$root/runs/cluster}"
base_port="${BASE_PORT:-25521}"
http_port="${HTTP_PORT:-8081}"
export LATNAS_JAVA_OPTS="${LATNAS_JAVA_OPTS:--Xmx1g}"
seed="127.0.0.1:$base_port"

node_args() {
  case "$1" in
    1) echo "--roles api,search --cluster-port $base_port --port $http_port" ;;
    2) echo "--roles predict,measure --hardware rtx2080ti --space ofa-mbv3-w1.0 --cluster-port $((base_port + 1))" ;;
    3) echo "--roles measure --hardware note10 --space ofa-mbv3-w1.2 --cluster-port $((base_port + 2))" ;;
  esac
}

running() {
  [[ -f "$run_dir/node$1.pid" ]] && kill -0 "$(cat "$run_dir/node$1.pid")" 2>/dev/null
}

start() {
  mkdir -p "$run_dir"
  # Build once in the foreground so that the three launchers below do not all wait on the build lock.
  "$root/latnas" --version >/dev/null
  for n in 1 2 3; do
    if running "$n"; then
      echo "node $n already runs (pid $(cat "$run_dir/node$n.pid"))"
      continue
    fi
    # shellcheck disable=SC2046
    nohup "$root/latnas" serve --cluster-host 127.0.0.1 --seed-nodes "$seed" $(node_args "$n") \
      >"$run_dir/node$n.log" 2>&1 &
    echo $! >"$run_dir/node$n.pid"
    echo "node $n: pid $!, log $run_dir/node$n.log"
    # The seed node first, so the others find it when they join.
    [[ "$n" == 1 ]] && sleep 5
  done
  echo "waiting for the API on http://127.0.0.1:$http_port/v1/ready ..."
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$http_port/v1/health" >/dev/null 2>&1; then
      echo "API up: curl http://127.0.0.1:$http_port/v1/cluster"
      return 0
    fi
    sleep 1
  done
  echo "the API did not answer within 120 s; see $run_dir/node1.log" >&2
  return 1
}

status() {
  for n in 1 2 3; do
    if running "$n"; then echo "node $n: running (pid $(cat "$run_dir/node$n.pid"))"; else echo "node $n: stopped"; fi
  done
  curl -fs "http://127.0.0.1:$http_port/v1/cluster" && echo
}

stop() {
  # One at a time, so that each node's leave is seen by the others before the next one goes.
  for n in 3 2 1; do
    running "$n" || { rm -f "$run_dir/node$n.pid"; continue; }
    kill -TERM "$(cat "$run_dir/node$n.pid")"
    echo "node $n: SIGTERM sent; it leaves the cluster, then stops"
    for _ in $(seq 1 60); do
      running "$n" || break
      sleep 1
    done
    if running "$n"; then
      echo "node $n still runs after 60 s (pid $(cat "$run_dir/node$n.pid"))" >&2
    else
      rm -f "$run_dir/node$n.pid"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
