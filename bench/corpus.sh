#!/usr/bin/env bash
# Benchmark: build the whole corpus (examples/lync-2013) with the release binary.
# Output on tmpfs (/dev/shm: compute) and on disk (the real cost of creating
# ~4,500 files), 1 warm-up + RUNS runs each; prints the median wall time, CPU
# time and peak memory, and the ratio to the peers measured in
# ../shared/bench/peers/README.md (Hugo 2.56 s, Zola 1.78 s, floor 0.167 s on tmpfs).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
cargo build --release --quiet
BIN=target/release/polybook
BOOK=examples/lync-2013
[ -d ../shared/corpus/lync-2013 ] || { echo "corpus absent: ../shared/corpus/lync-2013"; exit 0; }

measure() { # $1 = output folder
  local out=$1 walls=() cpus=() rss=()
  "$BIN" --quiet build "$BOOK" --dest "$out" >/dev/null 2>&1 || true   # warm-up
  for _ in $(seq "$RUNS"); do
    rm -rf "$out"
    local tf
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f '%e %U %S %M' "$BIN" --quiet build "$BOOK" --dest "$out" >/dev/null 2>&1 || true
    read -r wall user sys maxrss <"$tf"
    rm -f "$tf"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$maxrss")
  done
  rm -rf "$out"
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "$(median "${walls[@]}") $(median "${cpus[@]}") $(median "${rss[@]}")"
}

read -r shm_wall shm_cpu shm_rss <<<"$(measure /dev/shm/polybook-bench)"
read -r disk_wall disk_cpu disk_rss <<<"$(measure "${TMPDIR:-/tmp}/polybook-bench")"
printf 'polybook, corpus (3,888 articles), median of %s runs\n' "$RUNS"
printf '  tmpfs: wall %s s, cpu %s s, peak RSS %s MiB\n' "$shm_wall" "$shm_cpu" "$((shm_rss / 1024))"
printf '  disk:  wall %s s, cpu %s s, peak RSS %s MiB\n' "$disk_wall" "$disk_cpu" "$((disk_rss / 1024))"
printf '  tmpfs wall vs peers: Hugo 2.56 s = %.1fx, Zola 1.78 s = %.1fx, floor 0.167 s = %.2fx\n' \
  "$(echo "2.56 / $shm_wall" | bc -l)" "$(echo "1.78 / $shm_wall" | bc -l)" "$(echo "$shm_wall / 0.167" | bc -l)"
"$BIN" build "$BOOK" --dest /dev/shm/polybook-bench -v 2>&1 | grep -E '^(built|timings|code blocks)'
rm -rf /dev/shm/polybook-bench
