#!/usr/bin/env node
// Prints two NLU evaluation reports side by side: ours (`studio nlu eval --json`) and NLP.js
// (bench.js), with the difference in points and the latency ratio.
// usage: node compare.js <ours.json> <nlpjs.json>
'use strict';

const fs = require('fs');

/** The first defined value among several spellings of a field (path segments separated by dots). */
function pick(report, ...paths) {
  for (const p of paths) {
    let value = report;
    for (const key of p.split('.')) value = value == null ? undefined : value[key];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

/** Latency in milliseconds, from a millisecond or a microsecond field. */
function latency(report, which) {
  const ms = pick(report, `latencyMs.${which}`, `latency.${which}Ms`, `${which}Ms`);
  if (ms !== undefined) return ms;
  const us = pick(report, `latency${which[0].toUpperCase()}${which.slice(1)}Microseconds`, `latencyUs.${which}`);
  return us === undefined ? undefined : us / 1000;
}

function metrics(report) {
  return {
    accuracy: pick(report, 'accuracy', 'metrics.accuracy'),
    macroF1: pick(report, 'macroF1', 'macro_f1', 'metrics.macroF1'),
    p50: latency(report, 'p50'),
    p99: latency(report, 'p99'),
    train: pick(report, 'trainExamples'),
    test: pick(report, 'testExamples', 'utterances'),
  };
}

const [oursFile, theirsFile] = process.argv.slice(2);
if (!oursFile || !theirsFile) {
  process.stderr.write('usage: node compare.js <ours.json> <nlpjs.json>\n');
  process.exit(2);
}
const ours = metrics(JSON.parse(fs.readFileSync(oursFile, 'utf8')));
const theirs = metrics(JSON.parse(fs.readFileSync(theirsFile, 'utf8')));

const pct = (v) => (v === undefined ? 'n/a' : `${(v * 100).toFixed(2)} %`);
const ms = (v) => (v === undefined ? 'n/a' : `${v.toFixed(3)} ms`);
const num = (v) => (v === undefined ? 'n/a' : String(v));
const points = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a - b) * 100 >= 0 ? '+' : ''}${((a - b) * 100).toFixed(2)} pts`);
const ratio = (a, b) => {
  if (a === undefined || b === undefined || a <= 0 || b <= 0) return 'n/a';
  return a <= b ? `ours ${(b / a).toFixed(1)}x faster` : `ours ${(a / b).toFixed(1)}x slower`;
};

const rows = [
  ['', 'ours (Studio.Nlu)', 'NLP.js', 'ours - NLP.js'],
  ['accuracy', pct(ours.accuracy), pct(theirs.accuracy), points(ours.accuracy, theirs.accuracy)],
  ['macro-F1', pct(ours.macroF1), pct(theirs.macroF1), points(ours.macroF1, theirs.macroF1)],
  ['latency p50', ms(ours.p50), ms(theirs.p50), ratio(ours.p50, theirs.p50)],
  ['latency p99', ms(ours.p99), ms(theirs.p99), ratio(ours.p99, theirs.p99)],
  ['train examples', num(ours.train), num(theirs.train), ''],
  ['test examples', num(ours.test), num(theirs.test), ''],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const [i, row] of rows.entries()) {
  process.stdout.write(`| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |\n`);
  if (i === 0) process.stdout.write(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n`);
}
if (ours.train !== theirs.train || ours.test !== theirs.test) {
  process.stdout.write('\nWARNING: the two runs did not use the same number of train/test examples\n');
}
if (ours.accuracy !== undefined && theirs.accuracy !== undefined) {
  const gap = (ours.accuracy - theirs.accuracy) * 100;
  process.stdout.write(`\ntarget (ours >= NLP.js + 10 pts accuracy): ${gap >= 10 ? 'met' : 'NOT met'} (${gap.toFixed(2)} pts)\n`);
}
