#!/usr/bin/env bash
# The container path end to end: builds the image, starts Redis, a coordinator and 3 workers from
# docker/compose.yaml, submits a sample, scales the workers to 1 and back to 3 while the job runs, checks
# that the output holds every frame of the input, and tears everything down (on failure too).
# Needs a Docker engine with the base images (docker/build-base-images.sh without a registry) and
# `docker compose` or Debian's docker-compose. Exit 0: passed. SMOKE_SAMPLE_SECONDS: sample length (60).
set -euo pipefail
cd "$(dirname "$0")"

SAMPLE_SECONDS="${SMOKE_SAMPLE_SECONDS:-60}"
PROJECT="vidfleetsmoke$$"
export VIDFLEET_REDIS_PASSWORD="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
export VIDFLEET_DATA="$(mktemp -d /tmp/vidfleet-smoke-data.XXXXXX)"
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi

log() { printf '%s smoke: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { log "FAILED: $*"; exit 1; }
compose() { "${COMPOSE[@]}" -p "$PROJECT" -f compose.yaml "$@"; }
# one-off containers on the cluster's network and volume
vidfleet() { compose --profile tools run --rm -T --entrypoint vidfleet submit "$@" 2>/dev/null; }
ffprobe() { compose --profile tools run --rm -T --entrypoint ffprobe submit "$@" 2>/dev/null; }
redis() { compose exec -T redis redis-cli --no-auth-warning "$@" | tr -d '\r'; }
job() { redis HGET "vf:job:{$JOB}" "$1"; }
workers() { compose ps -q worker | grep -c . || true; }
frames() { ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$1" | tr -d '\r'; }
teardown() {
  log "tearing down"
  compose --profile tools down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$VIDFLEET_DATA"
}
trap teardown EXIT

# waits up to $1 seconds for the command in "$2..." to succeed
wait_for() {
  local limit=$1; shift
  local until=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$until" ] || return 1
    sleep 1
  done
}
done_at_least() { [ "$(job tasksDone)" -ge "$1" ]; }
finished() { case "$(job state)" in done|failed|cancelled) return 0 ;; *) return 1 ;; esac; }

mkdir -p "$VIDFLEET_DATA/in"
if [ "$(id -u)" -eq 0 ]; then chown -R 10001:10001 "$VIDFLEET_DATA"; else chmod -R 0777 "$VIDFLEET_DATA"; fi

log "building the image (Maven build stage, then the runtime stage)"
started=$SECONDS
build_args=()
# behind a TLS-intercepting proxy: EXTRA_CA_CERTS="$(cat /usr/local/share/ca-certificates/*.crt)"
[ -z "${EXTRA_CA_CERTS:-}" ] || build_args+=(--build-arg "EXTRA_CA_CERTS=$EXTRA_CA_CERTS")
docker build --network host -q "${build_args[@]}" -f Dockerfile -t vidfleet:latest .. >/dev/null
log "image built in $((SECONDS - started)) s: $(docker image ls vidfleet:latest --format '{{.Size}}')"

log "starting Redis, a coordinator and 3 workers"
compose up -d --scale worker=3 redis coordinator worker 2>/dev/null
[ "$(workers)" -eq 3 ] || fail "expected 3 worker containers, got $(workers)"
log "redis: $(redis CONFIG GET appendonly | tr '\n' ' ')$(redis CONFIG GET maxmemory-policy | tr '\n' ' ')(without the password: $(compose exec -T redis sh -c 'env -u REDISCLI_AUTH redis-cli ping' | tr -d '\r'))"

log "making a ${SAMPLE_SECONDS} s 1280x720 sample"
vidfleet sample /data/in/sample.mp4 --seconds "$SAMPLE_SECONDS" --size 1280x720 >/dev/null
INPUT_FRAMES=$(frames /data/in/sample.mp4)
JOB=$(vidfleet submit /data/in/sample.mp4 --chunk-seconds 2 | tail -1)
log "submitted job $JOB: $(job tasksTotal) tasks, $INPUT_FRAMES frames"

wait_for 600 done_at_least 2 || fail "no progress: $(job state) $(job tasksDone)/$(job tasksTotal)"
log "progress $(job tasksDone)/$(job tasksTotal) with $(workers) workers; scaling to 1"
compose up -d --no-deps --scale worker=1 worker 2>/dev/null
[ "$(workers)" -eq 1 ] || fail "expected 1 worker container, got $(workers)"
after_down=$(job tasksDone)
finished && fail "the job ended before the scaling was done: use a longer SMOKE_SAMPLE_SECONDS"
log "scaled to $(workers) worker at $after_down/$(job tasksTotal); waiting for it to go on alone"
wait_for 600 done_at_least $((after_down + 1)) || fail "no progress with one worker"
finished && fail "the job ended before the scaling was done: use a longer SMOKE_SAMPLE_SECONDS"
log "progress $(job tasksDone)/$(job tasksTotal) with $(workers) worker; scaling back to 3"
compose up -d --no-deps --scale worker=3 worker 2>/dev/null
[ "$(workers)" -eq 3 ] || fail "expected 3 worker containers, got $(workers)"
log "scaled back to $(workers) workers at $(job tasksDone)/$(job tasksTotal)"

wait_for 1800 finished || fail "job did not finish: $(job state) $(job tasksDone)/$(job tasksTotal)"
[ "$(job state)" = done ] || fail "job $(job state): $(job reason)"
OUTPUT=$(job output)
OUTPUT_FRAMES=$(frames "$OUTPUT")
log "job done: $OUTPUT, $OUTPUT_FRAMES frames (input $INPUT_FRAMES)"
[ "$OUTPUT_FRAMES" = "$INPUT_FRAMES" ] || fail "frame count differs"

by_worker=$(for task in $(redis LRANGE "vf:job:{$JOB}:tasks" 0 -1); do redis HGET "vf:job:{$JOB}:task:$task" worker; done | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')
released=$(redis XRANGE "vf:job:{$JOB}:log" - + | grep -c '^released$' || true)
log "tasks by worker: $by_worker"
log "chunks handed back by stopped workers: $released; job log: $(redis XLEN "vf:job:{$JOB}:log") events"
[ "$(echo "$by_worker" | wc -w)" -ge 2 ] || fail "only one worker did the work"
log "health: $(docker inspect --format '{{.Name}} {{.State.Health.Status}}' $(compose ps -q coordinator worker) | tr '\n' ' ')"
log "PASSED"
