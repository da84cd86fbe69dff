#!/bin/bash
# Instructions a Redis executes for one `vidfleet bench queue` row, under callgrind (deterministic where time is not).
# usage: callgrind-queue.sh JAR TASKS CONCURRENCY PORT OUT_DIR   (REDIS_BIN: the redis-server, default Debian's)
# Prints the run's total instructions; a run of more tasks minus one of fewer, over the difference, is per task.
set -euo pipefail
jar=$1 tasks=$2 concurrency=$3 port=$4 out=$5
mkdir -p "$out"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "${REDIS_BIN:-/usr/bin/redis-server}" \
  --port "$port" --save '' --appendonly no > "$out/valgrind.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.2; done
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" bench queue --jvms 0 --simulate 0 --no-bullmq \
  --concurrency "$concurrency" --rounds 1 --warm-up 0 --tasks "$tasks" --redis "redis://127.0.0.1:$port" \
  --out "$out/bench" > "$out/bench.log" 2>&1
redis-cli -p "$port" shutdown nosave > /dev/null 2>&1 || true
wait "$server" || true
awk '/^(summary|totals):/ {print $2; exit}' "$out/callgrind.out"
