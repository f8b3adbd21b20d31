#!/usr/bin/env bash
# Peer comparison of our Chinese intent recognition with NLP.js (issue #3, point 8).
# Trains both on the same data (the system corpus in seeds/nlu/zh-CN/ + the train file), scores
# both on the same dev set, and prints accuracy, macro-F1 and per-utterance latency side by side.
#
# usage: bench/nlu-compare.sh [--train FILE] [--test FILE] [--out DIR]
#   defaults: --train seeds/nlu/zh-CN/train-8.tsv --test seeds/nlu/zh-CN/dev.tsv --out bench/results/nlu-compare
set -euo pipefail
cd "$(dirname "$0")/.."

train=seeds/nlu/zh-CN/train-8.tsv
test=seeds/nlu/zh-CN/dev.tsv
out=bench/results/nlu-compare
while [ $# -gt 0 ]; do
  case "$1" in
    --train) train=$2; shift 2 ;;
    --test) test=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The system corpus: the file Studio.Nlu embeds (src/Studio.Nlu/Studio.Nlu.csproj) and our eval
# command trains on before adding --train. compare.js warns if the example counts differ.
corpus=(seeds/nlu/zh-CN/system.tsv)
[ -f "${corpus[0]}" ] || { echo "missing ${corpus[0]}" >&2; exit 1; }

# 1. NLP.js dependencies, installed from the lock file when missing or stale.
nlpjs=bench/nlpjs
if [ ! -d "$nlpjs/node_modules/node-nlp" ] || [ "$nlpjs/package-lock.json" -nt "$nlpjs/node_modules/.package-lock.json" ]; then
  echo "== npm ci ($nlpjs)" >&2
  (cd "$nlpjs" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# 2. Ours: `studio nlu eval`, built once in Release.
echo "== dotnet build src/Studio.Cli -c Release" >&2
dotnet build src/Studio.Cli -c Release --nologo -v:q >&2
echo "== studio nlu eval --train $train --test $test" >&2
dotnet src/Studio.Cli/bin/Release/net10.0/studio.dll nlu eval --train "$train" --test "$test" --json "$out/ours.json" > "$out/ours.txt"

# 3. NLP.js on the same files.
nlpjs_train=()
for f in "${corpus[@]}" "$train"; do nlpjs_train+=(--train "$f"); done
echo "== node $nlpjs/bench.js ${nlpjs_train[*]} --test $test" >&2
node "$nlpjs/bench.js" "${nlpjs_train[@]}" --test "$test" --json "$out/nlpjs.json" > /dev/null

# 4. Side by side.
echo
echo "train: ${corpus[*]} + $train; test: $test; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
node "$nlpjs/compare.js" "$out/ours.json" "$out/nlpjs.json"
