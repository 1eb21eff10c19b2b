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
  # Memory: V8 lets its heap grow lazily toward its limit (a quarter of the machine's memory; the larger the limit,
  # the more garbage it lets pile up between full collections), and glibc gives every thread that allocates its own
  # 64 MB arena that keeps freed memory. A 512 MB old space (live heap ~100 MB at 20,000 judgements, room for a
  # paper-scale report) and two arenas keep a worker's RSS under 500 MB (README, Performance). Both can be overridden.
  worker)
    export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
    export NODE_OPTIONS="--max-old-space-size=${MEDEVAL_WORKER_HEAP_MB:-512}${NODE_OPTIONS:+ $NODE_OPTIONS}"
    set -- worker "$@"
    ;;
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
