#!/usr/bin/env bash
# Interleaved comparison on tmpfs: each round runs Hugo, the floor, polybook with the
# search index off and polybook with it on, one after the other, so that a machine whose
# speed drifts (shared virtual machines) slows all four alike. Prints each build's
# median wall time and the median of the per-round ratios to Hugo and to the floor.
# Needs ../shared/bench/peers/prepare.sh run once into PEER_WORK (default /tmp/peers)
# and Hugo installed. MDBOOK=/path/to/mdbook adds mdBook (`cargo install mdbook --locked`;
# the peers' two books, one per locale, built one after the other as mdBook does).
#   ROUNDS=9 bash bench/interleaved.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-9}
PEER_WORK=${PEER_WORK:-/tmp/peers}
CORPUS=../shared/corpus/lync-2013
[ -d "$CORPUS" ] || { echo "corpus absent: $CORPUS"; exit 0; }
[ -d "$PEER_WORK/hugo" ] || { echo "run ../shared/bench/peers/prepare.sh $CORPUS $PEER_WORK first"; exit 0; }
cargo build --release --quiet
BIN=target/release/polybook
BOOK=examples/lync-2013
mkdir -p "$BOOK/.search-off"
sed 's|^content = "|content = "../|' "$BOOK/book.toml" >"$BOOK/.search-off/book.toml"
printf '\n[search]\nenabled = false\n' >>"$BOOK/.search-off/book.toml"
OUT=/dev/shm/polybook-interleaved
trap 'rm -rf "$OUT"' EXIT
declare -A CMD=(
  [hugo]="hugo --quiet --source $PEER_WORK/hugo --destination $OUT/hugo"
  [floor]="env MD_FLOOR_THREADS=2 $PEER_WORK/floor/target/release/md-floor $OUT/floor $PEER_WORK/lists/articles-zh-CN.txt $CORPUS/zh-CN $PEER_WORK/lists/articles-es-es.txt $CORPUS/es-es"
  [off]="$BIN --quiet build $BOOK/.search-off --dest $OUT/off"
  [on]="$BIN --quiet build $BOOK --dest $OUT/on"
)
ORDER=(hugo floor off on)
if [ -n "${MDBOOK:-}" ]; then
  CMD[mdbook]="$MDBOOK build $PEER_WORK/mdbook/zh-CN -d $OUT/mdbook/zh-CN && $MDBOOK build $PEER_WORK/mdbook/es-es -d $OUT/mdbook/es-es"
  ORDER=(mdbook "${ORDER[@]}")
fi
declare -A WALLS
for name in "${ORDER[@]}"; do bash -c "${CMD[$name]}" >/dev/null 2>&1; done # warm-up
for _ in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do
    rm -rf "${OUT:?}/$name"
    # Microseconds (bash's clock), not `time`'s hundredths: the floor takes ~0.09 s,
    # where a hundredth is 11 % of its ratio.
    t0=$EPOCHREALTIME
    bash -c "${CMD[$name]}" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    WALLS[$name]+="$(echo "$t1 - $t0" | bc | awk '{printf "%.3f", $1}') "
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratios() { # $1 = build, $2 = reference: median of the per-round ratios
  paste -d' ' <(printf '%s\n' ${WALLS[$1]}) <(printf '%s\n' ${WALLS[$2]}) | awk '{printf "%.3f\n", $1 / $2}' |
    sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
printf 'corpus on tmpfs, %s interleaved rounds, median wall times\n' "$ROUNDS"
for name in "${ORDER[@]}"; do printf '  %-6s %s s   (%s)\n' "$name" "$(median ${WALLS[$name]})" "${WALLS[$name]}"; done
printf 'median per-round ratios: search off %sx Hugo, %sx the floor; search on %sx Hugo, %sx the floor\n' \
  "$(ratios off hugo)" "$(ratios off floor)" "$(ratios on hugo)" "$(ratios on floor)"
if [ -n "${MDBOOK:-}" ]; then
  printf 'against mdBook: search off %sx, search on %sx; Hugo %sx\n' "$(ratios off mdbook)" "$(ratios on mdbook)" \
    "$(ratios hugo mdbook)"
fi
