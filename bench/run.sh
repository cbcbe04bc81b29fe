#!/usr/bin/env bash
# Runs the benchmarks on this machine and prints their figures as key=value lines (last lines of
# the output); also writes bench/results/<time>.json.
# Usage: bench/run.sh ingest|enforcement|scale|micro|all
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
JAR=bench/target/llm-cost-bench.jar
[ -f "$JAR" ] || mvn -B -q install -DskipTests
mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$(mktemp)"

ingest() {
  local spans="${LLMCOST_BENCH_SPANS:-2000000}" line http grpc db copydb pid
  coproc SERVE { exec java ${LLMCOST_BENCH_SERVE_JVM:--Xmx256m -XX:+UseParallelGC -XX:MaxDirectMemorySize=128m} -jar "$JAR" serve 2>/tmp/llmcost-bench-serve.log; }
  while read -r line <&"${SERVE[0]}"; do
    case "$line" in READY*) break ;; esac
  done
  http="$(sed 's/.*http=\([0-9]*\).*/\1/' <<<"$line")"
  grpc="$(sed 's/.*grpc=\([0-9]*\).*/\1/' <<<"$line")"
  db="$(sed 's/.* db=\([^ ]*\).*/\1/' <<<"$line")"
  copydb="$(sed 's/.* copydb=\([^ ]*\).*/\1/' <<<"$line")"
  pid="$(sed 's/.* pid=\([0-9]*\).*/\1/' <<<"$line")"
  echo "ingest_postgres_fsync_synchronous_commit=$(sed 's/.*synchronous_commit=\([^ ]*\).*/\1/' <<<"$line")" | tee -a "$out"
  java -Xmx3g -jar "$JAR" load --http-port "$http" --grpc-port "$grpc" --db-url "$db" \
    --copy-db-url "$copydb" --spans "$spans" | tee -a "$out"
  echo "ingester_rss_mib=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")" | tee -a "$out"
  exec {SERVE[1]}>&-
  wait "$SERVE_PID" || true
}

# On a fresh control plane (real kube-apiserver + etcd, e2e/kube-env.sh).
enforcement() {
  e2e/kube-env.sh down >/dev/null 2>&1 || true
  eval "$(e2e/kube-env.sh up)"
  java -jar "$JAR" enforcement --crds crds --trials "${LLMCOST_BENCH_TRIALS:-100}" \
    2>/tmp/llmcost-bench-enforcement.log | tee -a "$out"
  e2e/kube-env.sh down >/dev/null 2>&1 || true
}

# Needs a fresh control plane (real kube-apiserver + etcd, e2e/kube-env.sh) and the kept dataset
# (loaded on the first run: most of an hour for 100M rows; see BENCHMARKS.md).
scale() {
  local rows="${LLMCOST_BENCH_ROWS:-100000000}"
  e2e/kube-env.sh down >/dev/null 2>&1 || true
  eval "$(e2e/kube-env.sh up)"
  java -Xmx2g -jar "$JAR" scale --rows "$rows" --crds crds \
    --data-dir "${LLMCOST_BENCH_SCALE_DIR:-$HOME/.cache/llm-cost-operator/bench-scale/rows-$rows}" \
    2>/tmp/llmcost-bench-scale.log | tee -a "$out"
  e2e/kube-env.sh down >/dev/null 2>&1 || true
}

# JMH: per-span CPU cost of OTLP decode + attribution + pricing (no network, no database).
micro() {
  local csv
  csv="$(mktemp)"
  java -cp "$JAR" org.openjdk.jmh.Main SpanPipelineBenchmark -bm avgt -tu ns -rf csv -rff "$csv" >&2
  awk -F, 'NR > 1 {gsub(/"/, "", $1); sub(/.*\./, "", $1); printf "jmh_%s_ns_per_span=%.0f\n", $1, $5}' "$csv" | tee -a "$out"
}

case "$what" in
  ingest) ingest ;;
  enforcement) enforcement ;;
  scale) scale ;;
  micro) micro ;;
  all) ingest; enforcement; scale; micro ;;
  *) echo "usage: $0 ingest|enforcement|scale|micro|all" >&2; exit 2 ;;
esac

{
  echo "{\"time\": \"$stamp\", \"revision\": \"$(git rev-parse --short HEAD)\", \"cores\": $(nproc),"
  echo " \"memory_gib\": $(awk '/MemTotal/ {print int($2 / 1048576)}' /proc/meminfo), \"results\": {"
  grep '=' "$out" | sed 's/\(.*\)=\(.*\)/  "\1": "\2"/' | paste -sd, -
  echo "}}"
} > "bench/results/$stamp.json"
echo "results: bench/results/$stamp.json" >&2
