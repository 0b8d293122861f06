#!/usr/bin/env bash
# Scaling benchmark: builds synthetic guides of 1x, 10x and 40x the corpus
# (examples/scale.rs: copies with fresh asset ids, consistent links, tocs and
# translations) with the release binary, output on tmpfs, and prints wall time,
# CPU time, time per page and peak memory for each size, and the ratio of each
# size's time per page to 1x's.
#
# The sizes are built in rounds (1x, 10x, 40x, then again), one warm-up each first,
# and each round's ratios are taken against that round's 1x: the machine's speed
# drifts by 20-30 % within minutes, and a 40x build measured ten minutes after the
# 1x builds compares two machines. The ratio printed is the median of the rounds'
# ratios, wall and CPU (user + system) time per page both.
#   SIZES="1 10 40" RUNS=3 bash bench/scale.sh     (SEARCH=0 leaves the search index out)
# Needs about 6 GB free on /dev/shm for 40x (input 1.2 GB, output 4 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-1 10 40}
RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm/polybook-scale}
# A pause before each timed build: freeing a 40x build's 1.5 GB and its 4 GB output
# keeps the kernel busy for a moment after the process ends (a 1x build started
# right after one took 1.4 s instead of 0.5; with a pause of 3 s the 1x builds of
# the second and third rounds still took 0.61 and 0.89 s against the first's 0.49).
PAUSE=${PAUSE:-10}
[ -d ../shared/corpus/lync-2013 ] || { echo "corpus absent: ../shared/corpus/lync-2013"; exit 0; }
SIZES=$(printf '%s\n' 1 $SIZES | sort -n -u | tr '\n' ' ') # 1x first: the ratios need it
cargo build --release --quiet --bin polybook --example scale
BIN=target/release/polybook
trap 'rm -rf "$WORK"' EXIT
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A PAGES WALLS CPUS RSS WALL_RATIOS CPU_RATIOS
for n in $SIZES; do
  book="$WORK/book-$n"
  target/release/examples/scale examples/lync-2013 "$n" "$book" 2>/dev/null
  # The search index is on by default, as in users' builds; SEARCH=0 measures without it.
  [ "${SEARCH:-1}" = 1 ] || printf '\n[search]\nenabled = false\n' >>"$book/book.toml"
  PAGES[$n]=$(find "$book/content" -name '*.md' -not -path '*/includes/*' | wc -l)
  "$BIN" --quiet build "$book" --dest "$WORK/out-$n" >/dev/null 2>&1 || true # warm-up
  rm -rf "$WORK/out-$n"
done

for round in $(seq "$RUNS"); do
  declare -A wall_per cpu_per
  for n in $SIZES; do
    out="$WORK/out-$n"
    rm -rf "$out"
    sleep "$PAUSE"
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f '%e %U %S %M' "$BIN" --quiet build "$WORK/book-$n" --dest "$out" >/dev/null 2>&1 || true
    read -r wall user sys maxrss <"$tf"
    rm -f "$tf" && rm -rf "$out"
    cpu=$(echo "$user + $sys" | bc)
    WALLS[$n]+="$wall " CPUS[$n]+="$cpu " RSS[$n]+="$maxrss "
    wall_per[$n]=$(echo "$wall * 1000000 / ${PAGES[$n]}" | bc -l)
    cpu_per[$n]=$(echo "$cpu * 1000000 / ${PAGES[$n]}" | bc -l)
    WALL_RATIOS[$n]+="$(echo "${wall_per[$n]} / ${wall_per[1]}" | bc -l) "
    CPU_RATIOS[$n]+="$(echo "${cpu_per[$n]} / ${cpu_per[1]}" | bc -l) "
  done
  printf 'round %s:' "$round"
  for n in $SIZES; do printf ' %sx %.0f us/page (%.2f)' "$n" "${wall_per[$n]}" "$(echo "${wall_per[$n]} / ${wall_per[1]}" | bc -l)"; done
  printf '\n'
done

printf '\nmedians of %s rounds (ratios: median of the per-round ratios to 1x)\n' "$RUNS"
printf '%-5s %8s %9s %8s %8s %9s %9s %9s %9s\n' size pages "wall s" "cpu s" "rss MiB" "wall/pg" "vs 1x" "cpu/pg" "vs 1x"
for n in $SIZES; do
  wall=$(median ${WALLS[$n]}) cpu=$(median ${CPUS[$n]}) peak=$(median ${RSS[$n]})
  printf '%-5s %8s %9s %8s %8s %9.0f %9.2f %9.0f %9.2f\n' "${n}x" "${PAGES[$n]}" "$wall" "$cpu" "$((peak / 1024))" \
    "$(echo "$wall * 1000000 / ${PAGES[$n]}" | bc -l)" "$(median ${WALL_RATIOS[$n]})" \
    "$(echo "$cpu * 1000000 / ${PAGES[$n]}" | bc -l)" "$(median ${CPU_RATIOS[$n]})"
done
