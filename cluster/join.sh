#!/usr/bin/env bash
# Joins this machine to a LatencyNAS cluster with the settings of a node.conf made from
# cluster/node.conf.template, running ROLES (default: measure). Runs in the foreground; SIGTERM or
# Ctrl-C makes the node leave the cluster before it stops.
#
#   cluster/join.sh node.conf                   measure the devices node.conf lists
#   cluster/join.sh node.conf predict,measure   also serve latency predictors
#   LATNAS_HTTP_TOKEN=... cluster/join.sh node.conf api,search   the API (see cluster/README.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 || ! -f "$1" ]]; then
  echo "usage: $0 NODE_CONF [ROLES]   (make NODE_CONF from cluster/node.conf.template)" >&2
  exit 2
fi
conf="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
roles="${2:-measure}"
export LATNAS_JAVA_OPTS="${LATNAS_JAVA_OPTS:--Xmx4g} -Dconfig.file=$conf"
exec "$root/latnas" serve --roles "$roles"
