#!/usr/bin/env bash
# Scaling benchmark: builds synthetic guides of 1x, 10x and 40x the corpus
# (examples/scale.rs: copies with fresh asset ids, consistent links, tocs and
# translations) with the release binary, output on tmpfs, and prints wall time,
# CPU time, time per page and peak memory for each, and the ratio of each size's
# time per page to 1x's. Each size: 1 warm-up + RUNS runs, medians.
#   SIZES="1 10 40" RUNS=3 bash bench/scale.sh     (SEARCH=0 leaves the search index out)
# Needs about 6 GB free on /dev/shm for 40x (input 1.2 GB, output 4 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-1 10 40}
RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm/polybook-scale}
[ -d ../shared/corpus/lync-2013 ] || { echo "corpus absent: ../shared/corpus/lync-2013"; exit 0; }
cargo build --release --quiet --bin polybook --example scale
BIN=target/release/polybook
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-5s %8s %9s %8s %8s %12s %10s\n' size pages "wall s" "cpu s" "rss MiB" "us/page" "vs 1x"
base=""
for n in $SIZES; do
  book="$WORK/book-$n" out="$WORK/out-$n"
  target/release/examples/scale examples/lync-2013 "$n" "$book" 2>/dev/null
  # The search index is on by default, as in users' builds; SEARCH=0 measures without it.
  [ "${SEARCH:-1}" = 1 ] || printf '\n[search]\nenabled = false\n' >>"$book/book.toml"
  "$BIN" --quiet build "$book" --dest "$out" >/dev/null 2>&1 || true # warm-up
  walls=() cpus=() rss=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$out"
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f '%e %U %S %M' "$BIN" --quiet build "$book" --dest "$out" >/dev/null 2>&1 || true
    read -r wall user sys maxrss <"$tf"
    rm -f "$tf"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$maxrss")
  done
  pages=$(find "$book/content" -name '*.md' -not -path '*/includes/*' | wc -l)
  wall=$(median "${walls[@]}") cpu=$(median "${cpus[@]}") peak=$(median "${rss[@]}")
  per=$(echo "$wall * 1000000 / $pages" | bc)
  [ -n "$base" ] || base=$per
  printf '%-5s %8s %9s %8s %8s %12s %10.2f\n' "${n}x" "$pages" "$wall" "$cpu" "$((peak / 1024))" "$per" \
    "$(echo "$per / $base" | bc -l)"
  rm -rf "$out" "$book"
done
rm -rf "$WORK"
