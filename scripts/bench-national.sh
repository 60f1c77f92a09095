#!/bin/sh
# bench-national.sh BINARY DATA_DIR PORT [PATH]
#
# Serves DATA_DIR (created with --demo on first use) with BINARY on
# 127.0.0.1:PORT, warms PATH (default /national) up, then runs wrk with 50
# connections for 20 s and prints wrk's report, the server's CPU time
# during the run (utime+stime from /proc/PID/stat) and the load average.
# Used for docs/benchmarks.md, "/national under load"; needs wrk
# (apt-get install -y wrk). Not part of the test suite.
set -eu
bin=$1 dir=$2 port=$3 path=${4:-/national}
url=http://127.0.0.1:$port$path
"$bin" serve --demo --data "$dir" --addr "127.0.0.1:$port" >"$dir.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
i=0
until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "server did not start"; cat "$dir.log"; exit 1; }
	sleep 0.5
done
for _ in 1 2 3 4 5; do curl -fsS -o /dev/null "$url"; done
ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
before=$(ticks)
start=$(date +%s.%N)
wrk -t2 -c50 -d20s --latency "$url"
end=$(date +%s.%N)
after=$(ticks)
echo "server CPU: $(echo "($after - $before) / $hz" | bc -l | cut -c1-6) s over $(echo "$end - $start" | bc -l | cut -c1-5) s wall"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
