#!/usr/bin/env bash
# Benchmark: build the whole corpus (examples/lync-2013) with the release binary.
# Output on tmpfs (/dev/shm: compute) and on disk (the real cost of creating
# ~4,500 files), 1 warm-up + RUNS runs each; prints the median wall time, CPU
# time and peak memory, and the ratio to the peers.
#
# SEARCH=0 builds without the search index.
# Peers: with PEERS=1 (and ../shared/bench/peers/prepare.sh run once, Hugo installed:
# `apt-get install hugo`), Hugo and the bare pulldown-cmark floor are timed in this same
# run, output on tmpfs, and the ratios use those figures. Otherwise the ratios use the
# figures recorded in ../shared/bench/peers/README.md (Hugo 2.56 s, Zola 1.78 s, floor
# 0.167 s on tmpfs), which were measured on another day: quote in-run ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
cargo build --release --quiet
BIN=target/release/polybook
BOOK=examples/lync-2013
[ -d ../shared/corpus/lync-2013 ] || { echo "corpus absent: ../shared/corpus/lync-2013"; exit 0; }
# SEARCH=0: the same book with the search index off (a copy of book.toml one folder down).
if [ "${SEARCH:-1}" = 0 ]; then
  mkdir -p "$BOOK/.search-off"
  sed 's|^content = "|content = "../|' "$BOOK/book.toml" >"$BOOK/.search-off/book.toml"
  printf '\n[search]\nenabled = false\n' >>"$BOOK/.search-off/book.toml"
  BOOK="$BOOK/.search-off"
fi

# Each run writes a new folder; all are deleted after the runs. On a filesystem that
# avoids reusing inodes freed moments ago (ext4 without a journal skips inodes freed in
# the last minute, scanning past each of them), deleting thousands of files right before
# creating thousands makes the creating quadratic: the figure would be the last run's
# deletion, not the build. So nothing is deleted before the script ends.
CLEANUP=()
trap 'rm -rf "${CLEANUP[@]}"' EXIT
measure() { # $1 = output folder (runs write $1.1, $1.2, …)
  local out=$1 walls=() cpus=() rss=()
  "$BIN" --quiet build "$BOOK" --dest "$out.0" >/dev/null 2>&1 || true   # warm-up
  for i in $(seq "$RUNS"); do
    rm -rf "$out.$i"
    local tf
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f '%e %U %S %M' "$BIN" --quiet build "$BOOK" --dest "$out.$i" >/dev/null 2>&1 || true
    read -r wall user sys maxrss <"$tf"
    rm -f "$tf"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$maxrss")
  done
  for i in $(seq 0 "$RUNS"); do CLEANUP+=("$out.$i"); done
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  RESULT="$(median "${walls[@]}") $(median "${cpus[@]}") $(median "${rss[@]}")"
}

HUGO_S=2.56 FLOOR_S=0.167 PEERS_FROM="../shared/bench/peers/README.md"
if [ "${PEERS:-0}" = 1 ]; then
  PEER_WORK=${PEER_WORK:-/tmp/peers}
  mkdir -p /dev/shm/polybook-peers-out
  if [ ! -L "$PEER_WORK/out" ]; then rm -rf "$PEER_WORK/out"; ln -s /dev/shm/polybook-peers-out "$PEER_WORK/out"; fi
  peers=$(MDBOOK=${MDBOOK:-/bin/true} ONLY="hugo floor2" RUNS="$RUNS" bash ../shared/bench/peers/run.sh "$PEER_WORK" 2>&1)
  median_of() { printf '%s\n' "$peers" | awk -v p="-- $1:" 'index($0, p) == 1 {f = 1} f && $1 == "wall" {print $5; exit}'; }
  HUGO_S=$(median_of hugo) FLOOR_S=$(median_of floor2) PEERS_FROM="this run"
  # The floor writing to disk (the peers' script times it on tmpfs only): the same
  # command as its floor2, output beside polybook's disk runs.
  floor_disk() {
    local out="${TMPDIR:-/tmp}/polybook-floor-disk" walls=() corpus=../shared/corpus/lync-2013 tf
    tf=$(mktemp)
    for i in $(seq "$RUNS"); do   # a new folder per run, as in measure()
      rm -rf "$out.$i"
      MD_FLOOR_THREADS=2 /usr/bin/time -o "$tf" -f '%e' "$PEER_WORK/floor/target/release/md-floor" "$out.$i" \
        "$PEER_WORK/lists/articles-zh-CN.txt" "$corpus/zh-CN" "$PEER_WORK/lists/articles-es-es.txt" "$corpus/es-es" >/dev/null 2>&1
      walls+=("$(tail -1 "$tf")")
    done
    for i in $(seq "$RUNS"); do CLEANUP+=("$out.$i"); done
    rm -f "$tf"
    FLOOR_DISK_S=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  }
  floor_disk
fi

measure /dev/shm/polybook-bench
read -r shm_wall shm_cpu shm_rss <<<"$RESULT"
measure "${TMPDIR:-/tmp}/polybook-bench"
read -r disk_wall disk_cpu disk_rss <<<"$RESULT"
printf 'polybook, corpus (3,888 articles), median of %s runs\n' "$RUNS"
printf '  tmpfs: wall %s s, cpu %s s, peak RSS %s MiB\n' "$shm_wall" "$shm_cpu" "$((shm_rss / 1024))"
printf '  disk:  wall %s s, cpu %s s, peak RSS %s MiB\n' "$disk_wall" "$disk_cpu" "$((disk_rss / 1024))"
printf '  tmpfs wall vs peers (%s): Hugo %s s = %.1fx faster, floor %s s = %.2fx the floor\n' \
  "$PEERS_FROM" "$HUGO_S" "$(echo "$HUGO_S / $shm_wall" | bc -l)" "$FLOOR_S" "$(echo "$shm_wall / $FLOOR_S" | bc -l)"
if [ -n "${FLOOR_DISK_S:-}" ]; then
  printf '  disk wall vs the floor on disk (this run): floor %s s, polybook = %.2fx the floor\n' \
    "$FLOOR_DISK_S" "$(echo "$disk_wall / $FLOOR_DISK_S" | bc -l)"
fi
"$BIN" build "$BOOK" --dest /dev/shm/polybook-bench -v 2>&1 | grep -E '^(built|timings|code blocks)'
rm -rf /dev/shm/polybook-bench
