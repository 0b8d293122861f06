#!/usr/bin/env bash
# Benchmark: `polybook serve` on the whole corpus, from saving a file to the reload
# message reaching a WebSocket client (see bench/serve.rs for what is measured).
# The book and a copy of the corpus go to tmpfs ($BENCH_DIR, default
# /dev/shm/polybook-serve-bench); the release binary serves them.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/corpus/lync-2013 ] || { echo "corpus absent: ../shared/corpus/lync-2013"; exit 0; }
cargo bench --quiet --bench serve
