// Interoperability peer for WecomInteropTests: reads one JSON request on stdin, answers one JSON object on stdout.
// request: { encodingAESKey, token, jobs: [ { op: "encrypt", message, id } | { op: "decrypt", encrypt }
//                                         | { op: "sign", timestamp, nonce, encrypt } ] }
'use strict';
const { encrypt, decrypt, getSignature } = require('@wecom/crypto');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  const results = request.jobs.map((job) => {
    try {
      switch (job.op) {
        case 'encrypt':
          return { encrypt: encrypt(request.encodingAESKey, job.message, job.id) };
        case 'decrypt': {
          const { message, id } = decrypt(request.encodingAESKey, job.encrypt);
          return { message, id };
        }
        case 'sign':
          return { signature: getSignature(request.token, job.timestamp, job.nonce, job.encrypt) };
        default:
          return { error: `unknown op ${job.op}` };
      }
    } catch (e) {
      return { error: String(e && e.message ? e.message : e) };
    }
  });
  process.stdout.write(JSON.stringify({ node: process.version, results }));
});
