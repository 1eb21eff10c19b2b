#!/bin/sh
# The medeval image's entrypoint, and CI's outside Docker: `ops/entrypoint.sh ROLE [ARGS…]`.
#   worker   medeval worker ARGS        (orchestration + provider queues; add --metrics-port 9464 --metrics-host 0.0.0.0)
#   web      medeval serve ARGS         (the reviewer/explorer web app, on 0.0.0.0:8300 unless ARGS say otherwise)
#   codec    medeval codec serve ARGS   (on 0.0.0.0 unless ARGS say otherwise)
#   cli      medeval ARGS               (any command: campaign start, schedule create, report, …)
# Settings come from the environment (TEMPORAL_*, MONGODB_URI, MEDEVAL_*, provider keys); nothing is started here
# but the one process, which gets the signals (exec), so a worker's SIGTERM finishes its running calls.
set -eu
app=$(cd "$(dirname "$0")/.." && pwd)

usage() {
  echo "usage: entrypoint.sh worker|web|codec|cli [ARGS…]  (e.g. entrypoint.sh worker --metrics-port 9464)" >&2
  exit 2
}

[ $# -ge 1 ] || usage
role=$1
shift
case "$role" in
  worker) set -- worker "$@" ;;
  # in a container the app must listen beyond loopback to be reached through a published port; a later --host wins
  web) set -- serve --host "${MEDEVAL_LISTEN_HOST:-0.0.0.0}" "$@" ;;
  codec) set -- codec serve --host "${MEDEVAL_LISTEN_HOST:-0.0.0.0}" "$@" ;;
  cli) [ $# -ge 1 ] || set -- --help ;;
  -h | --help) usage ;;
  *)
    echo "entrypoint.sh: unknown role \"$role\"" >&2
    usage
    ;;
esac
exec node "$app/bin/medeval.js" "$@"
