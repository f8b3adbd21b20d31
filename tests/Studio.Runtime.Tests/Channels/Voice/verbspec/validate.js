// Validates every ack (and every verb in it) the voice tests collected, with the validator jambonz itself
// uses for application JSON (@jambonz/verb-specifications), plus checks that package leaves out.
// Usage: node validate.js <collected.json>   (a JSON array of ack messages)
// Prints one JSON summary line; exits 1 when anything is invalid.
'use strict';
const fs = require('fs');
const { validate, validateVerb, specs } = require('@jambonz/verb-specifications');

const silent = { info() {}, debug() {}, warn() {}, error() {} };
const acks = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const errors = [];
const counts = {};
let verbs = 0;

const extra = {
  say(v) {
    if (typeof v.text !== 'string' || v.text.trim() === '') throw new Error('say: text must be a non-empty string');
  },
  gather(v) {
    if (!Array.isArray(v.input) || v.input.length === 0) throw new Error('gather: input must list speech and/or digits');
    for (const i of v.input) if (!['speech', 'digits'].includes(i)) throw new Error(`gather: unknown input ${i}`);
    if (typeof v.actionHook !== 'string' || v.actionHook === '') throw new Error('gather: actionHook required (we need the result)');
    if (!(Number.isInteger(v.timeout) && v.timeout > 0)) throw new Error('gather: timeout must be a positive integer');
    if (v.say) validateVerb('say', v.say, silent), extra.say(v.say);
  },
  dial(v) {
    if (!Array.isArray(v.target) || v.target.length === 0) throw new Error('dial: at least one target');
    for (const t of v.target) {
      if (t.type === 'sip' && !/^sips?:/.test(t.sipUri || '')) throw new Error('dial: a sip target needs a sip: URI');
      if (t.type === 'phone' && !/^\+?\d{3,}$/.test(t.number || '')) throw new Error('dial: a phone target needs a number');
    }
  },
  config(v) {
    if (!v.synthesizer && !v.recognizer) throw new Error('config: sent without anything to configure');
  },
};

acks.forEach((ack, n) => {
  const where = `ack #${n} (${ack && ack.msgid})`;
  try {
    if (!ack || ack.type !== 'ack') throw new Error('type must be "ack"');
    if (typeof ack.msgid !== 'string' || ack.msgid === '') throw new Error('msgid must be a non-empty string');
    if (ack.data === undefined) return;
    if (!Array.isArray(ack.data)) throw new Error('data must be an array of verbs');
    validate(silent, ack.data);
    ack.data.forEach((verb, i) => {
      verbs++;
      counts[verb.verb] = (counts[verb.verb] || 0) + 1;
      if (!(verb.verb in specs)) throw new Error(`verb ${i}: unknown verb ${verb.verb}`);
      if (extra[verb.verb]) {
        try { extra[verb.verb](verb); } catch (e) { throw new Error(`verb ${i}: ${e.message}`); }
      }
    });
  } catch (e) {
    errors.push(`${where}: ${e.message} :: ${JSON.stringify(ack).slice(0, 400)}`);
  }
});

console.log(JSON.stringify({ acks: acks.length, verbs, counts, errors }));
process.exit(errors.length === 0 ? 0 : 1);
