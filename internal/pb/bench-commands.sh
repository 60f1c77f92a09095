#!/usr/bin/env bash
# Whole-command timings of every rule on every .pb file in a folder.
# Usage: internal/pb/bench-commands.sh BINARY PB_DIR [PER_COMMAND_TIMEOUT_SECONDS] [all|no-add1|add1]
# Prints one TSV line per command: file, rule, utility, completion, seconds, status.
set -u
bin=$1
dir=$2
limit=${3:-300}
only=${4:-all}
combos=(
  "greedy cost none" "greedy cardinality none" "greedy points none"
  "mes cost none" "mes cost add1" "mes cost add1-greedy"
  "mes cardinality none" "mes cardinality add1" "mes cardinality add1-greedy"
  "phragmen cost none" "max-welfare cost none" "max-welfare cardinality none" "max-welfare points none"
)
for f in "$dir"/*.pb; do
  vt=$(grep -a -m1 '^vote_type;' "$f" | tr -d '\r' | cut -d';' -f2)
  for c in "${combos[@]}"; do
    set -- $c
    if [ "$2" = points ] && [ "$vt" != cumulative ] && [ "$vt" != scoring ]; then continue; fi
    case "$only:$3" in
      no-add1:add1*|add1:none) continue ;;
    esac
    start=$(date +%s.%N)
    timeout -s KILL "$limit" "$bin" pb allocate "$f" --rule "$1" --utility "$2" --completion "$3" --format json >/dev/null 2>&1
    rc=$?
    end=$(date +%s.%N)
    printf '%s\t%s\t%s\t%s\t%.3f\t%s\n' "$(basename "$f")" "$1" "$2" "$3" "$(echo "$end - $start" | bc)" "$rc"
  done
done
