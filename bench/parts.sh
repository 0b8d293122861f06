#!/usr/bin/env bash
# Builds in parts on the corpus, as a CI matrix would: the manifest, then each part
# (es-ES whole, zh-CN in two shards, the root, the side-by-side views, then zh-CN's
# search index from the shards' pages) timed on its own, output on tmpfs;
# the parts copied together are compared with a full build, file by file.
#   bash bench/parts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/corpus/lync-2013 ] || { echo "corpus absent: ../shared/corpus/lync-2013"; exit 0; }
cargo build --release --quiet --bin polybook
BIN=$PWD/target/release/polybook
BOOK=examples/lync-2013
WORK=${WORK:-/dev/shm/polybook-parts}
rm -rf "$WORK"; mkdir -p "$WORK/merged"
timed() { # label, command…: prints wall, cpu, peak RSS of the command
  local label=$1 tf; shift
  tf=$(mktemp)
  /usr/bin/time -o "$tf" -f '%e %U %S %M' "$@" >/dev/null 2>&1
  read -r wall user sys rss <"$tf"; rm -f "$tf"
  printf '%-34s wall %6.2f s  cpu %6.2f s  peak %5d MiB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
}
timed "full build" "$BIN" --quiet build "$BOOK" --dest "$WORK/full"
timed "manifest" "$BIN" --quiet manifest "$BOOK" --output "$WORK/manifest.json"
printf '%-34s %s bytes\n' "manifest size" "$(stat -c %s "$WORK/manifest.json")"
n=0
for part in "--locale es-es" "--locale zh-CN --shard 1/2" "--locale zh-CN --shard 2/2" "--root" "--compare"; do
  n=$((n + 1))
  # shellcheck disable=SC2086
  timed "part $part" "$BIN" --quiet build "$BOOK" --manifest "$WORK/manifest.json" $part --dest "$WORK/part-$n"
  cp -R "$WORK/part-$n/." "$WORK/merged/"
done
# zh-CN was split into shards: its search index is a last part, read from the merged pages.
timed "part --search-from (zh-CN)" "$BIN" --quiet build "$BOOK" --manifest "$WORK/manifest.json" \
  --locale zh-CN --search-from "$WORK/merged" --dest "$WORK/part-search"
cp -R "$WORK/part-search/." "$WORK/merged/"
if diff -r "$WORK/full" "$WORK/merged" >/dev/null; then
  echo "merged parts = full build: identical ($(find "$WORK/full" -type f | wc -l) files)"
else
  echo "merged parts differ from the full build:"; diff -rq "$WORK/full" "$WORK/merged" | head
fi
rm -rf "$WORK"
