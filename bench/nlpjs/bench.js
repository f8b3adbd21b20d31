#!/usr/bin/env node
// Peer comparison for Script Studio's Chinese intent recognition (issue #3, point 8).
// Trains NLP.js (node-nlp) with language zh on the same TSV files our `studio nlu eval` trains on
// (`intent<TAB>text` per line), scores the same dev set and prints one JSON object:
// accuracy, macro-F1, latency per utterance (p50/p99) and the training time.
//
// usage: node bench.js --train <tsv> [--train <tsv> ...] --test <tsv> [--json <file>]
//                      [--none-as out_of_scope]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { NlpManager } = require('node-nlp');

function parseArgs(argv) {
  const args = { train: [], test: null, json: null, noneAs: 'out_of_scope' };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--train': args.train.push(value); i += 1; break;
      case '--test': args.test = value; i += 1; break;
      case '--json': args.json = value; i += 1; break;
      case '--none-as': args.noneAs = value; i += 1; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (args.train.length === 0 || !args.test) {
    throw new Error('usage: node bench.js --train <tsv> [--train <tsv> ...] --test <tsv> [--json <file>]');
  }
  return args;
}

/** Reads `intent<TAB>text` lines; blank lines and lines starting with # are skipped. */
function readTsv(file) {
  const rows = [];
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab <= 0) throw new Error(`${file}: not "intent<TAB>text": ${line}`);
    rows.push({ intent: line.slice(0, tab).trim(), text: line.slice(tab + 1).trim() });
  }
  return rows;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** Macro-F1 over the intents that occur in the gold labels (an intent never predicted scores 0). */
function macroF1(gold, predicted) {
  const labels = [...new Set(gold)].sort();
  let sum = 0;
  const perIntent = {};
  for (const label of labels) {
    let tp = 0; let fp = 0; let fn = 0;
    for (let i = 0; i < gold.length; i += 1) {
      if (predicted[i] === label && gold[i] === label) tp += 1;
      else if (predicted[i] === label) fp += 1;
      else if (gold[i] === label) fn += 1;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perIntent[label] = { precision, recall, f1, support: tp + fn };
    sum += f1;
  }
  return { macroF1: labels.length === 0 ? 0 : sum / labels.length, perIntent };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const train = args.train.flatMap(readTsv);
  const test = readTsv(args.test);

  // Plain intent classification: no sentiment, no answers; the built-in entity extractor stays
  // as node-nlp ships it, as it would in a real deployment.
  const manager = new NlpManager({ languages: ['zh'], autoSave: false, autoLoad: false, calculateSentiment: false, nlu: { log: false } });
  for (const row of train) manager.addDocument('zh', row.text, row.intent);

  const trainStart = performance.now();
  // NLP.js logs training epochs to the console; keep stdout for the JSON.
  const log = console.log;
  console.log = () => {};
  try {
    await manager.train();
  } finally {
    console.log = log;
  }
  const trainMs = performance.now() - trainStart;

  // Warm up exactly as `studio nlu eval` does (the first 50 test utterances, JIT and caches), then
  // time each test utterance once. Percentiles are nearest-rank, as in our evaluator.
  for (const row of test.slice(0, 50)) await manager.process('zh', row.text);

  const gold = [];
  const predicted = [];
  const latencies = [];
  const errors = [];
  for (const row of test) {
    const start = performance.now();
    const result = await manager.process('zh', row.text);
    latencies.push(performance.now() - start);
    const intent = result.intent === 'None' ? args.noneAs : result.intent;
    gold.push(row.intent);
    predicted.push(intent);
    if (intent !== row.intent) errors.push({ text: row.text, expected: row.intent, actual: intent, score: result.score });
  }
  latencies.sort((a, b) => a - b);
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  const { macroF1: f1, perIntent } = macroF1(gold, predicted);
  const report = {
    recognizer: `nlp.js (node-nlp ${require('node-nlp/package.json').version}, zh)`,
    train: args.train.map((f) => path.relative(process.cwd(), path.resolve(f))),
    test: path.relative(process.cwd(), path.resolve(args.test)),
    trainExamples: train.length,
    testExamples: test.length,
    accuracy: test.length === 0 ? 0 : correct / test.length,
    macroF1: f1,
    latencyMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    },
    trainMs,
    node: process.version,
    cpus: os.cpus().length,
    perIntent,
    errors,
  };
  const json = JSON.stringify(report, null, 2);
  if (args.json) fs.writeFileSync(args.json, json + '\n');
  process.stdout.write(json + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
