// The floor for `secrets read P --field F`: the least any Node program can do for the same answer,
// one bare node:http GET of the secret printing the field. The CLI's target is a ratio to this.
//   SCAIVAULT_URL=… SCAIVAULT_TOKEN=… node bench/floor-read.mjs PATH FIELD
import { request } from 'node:http';

const [path, field] = process.argv.slice(2);
const url = new URL(`/v1/secrets/${path.split('/').map(encodeURIComponent).join('/')}`, process.env.SCAIVAULT_URL);
request(url, { headers: { authorization: `Bearer ${process.env.SCAIVAULT_TOKEN}`, accept: 'application/json' } }, (response) => {
  let body = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => (body += chunk));
  response.on('end', () => {
    if (response.statusCode !== 200) {
      process.stderr.write(`HTTP ${response.statusCode}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${JSON.parse(body).data[field]}\n`);
  });
}).end();
