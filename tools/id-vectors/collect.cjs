// Records id vectors from a running reference restate-server (1.7.12) that has services.cjs registered.
// Writes CSV files (text fields hex-encoded UTF-8, so any key fits) into the output directory:
//   reference-ids.csv          kind,service,handler,key_hex,idempotency_key_hex,invocation_id,started_ms,ended_ms,
//                              generated_key (kind "call": the ULID idempotency key the ingress invented, read back
//                              from sys_invocation; kind "idempotent": user-given key; kind "workflow": none)
//   reference-awakeables.csv   awakeable_id,invocation_id
//   reference-errors.csv       kind,id_hex,status,message_hex
//   reference-deployments.csv  deployment_id,registered_after_ms,registered_before_ms
// Usage: node collect.cjs <ingress-url> <admin-url> <service-url> <out-dir>
const fs = require('node:fs');
const path = require('node:path');

const [ingress, admin, serviceUrl, outDir] = process.argv.slice(2);
const hex = (s) => Buffer.from(s, 'utf8').toString('hex');

/** Deterministic keys of many lengths and alphabets; the PRNG is a fixed LCG so reruns ask the same things. */
function keys() {
  let state = 12345n;
  const next = () => { state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return Number(state >> 33n); };
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ ,%+"\'';
  const unicode = ['ü', 'é', 'ß', '東', '京', 'π', '😀', 'Ω', 'ж', '\u00a0'];
  const out = ['alice', 'bob', 'carol', 'w1', 'zed', 'idem-bob', 'a', 'ab', 'abc', 'Zürich', '東京', '😀😀😀'];
  const lengths = [];
  for (let n = 1; n <= 20; n++) lengths.push(n);
  for (let n = 21; n <= 260; n += 3) lengths.push(n);
  lengths.push(239, 240, 241, 255, 256, 257, 300, 511, 512, 513, 1000, 1023, 1024, 1025, 2000, 4100);
  for (const n of lengths) {
    let s = '';
    while (Buffer.byteLength(s, 'utf8') < n) {
      const useUnicode = next() % 7 === 0;
      s += useUnicode ? unicode[next() % unicode.length] : alphabet[next() % alphabet.length];
    }
    out.push(s);
  }
  return out;
}

async function post(url, body, headers = {}) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function lookup(target) {
  const r = await post(`${ingress}/restate/lookup`, JSON.stringify(target), { 'content-type': 'application/json' });
  if (r.status !== 200) return { error: `${r.status} ${r.text}` };
  return { id: JSON.parse(r.text).invocationId };
}

async function collectLookups(rows, allKeys) {
  for (const key of allKeys) {
    const wf = await lookup({ target: 'workflow', workflowName: 'Wf', workflowKey: key });
    if (wf.id) rows.push(['workflow', 'Wf', 'run', hex(key), '', wf.id, '', '', '']);
    else console.error(`workflow lookup of ${JSON.stringify(key).slice(0, 40)} failed: ${wf.error}`);
    const idem = `idem-${Array.from(key).slice(0, 40).join('')}`;
    const keyed = await lookup({ target: 'idempotentInvocation', service: 'Counter', key, handler: 'add',
      idempotencyKey: idem });
    if (keyed.id) rows.push(['idempotent', 'Counter', 'add', hex(key), hex(idem), keyed.id, '', '', '']);
    else console.error(`keyed lookup failed: ${keyed.error}`);
    const unkeyed = await lookup({ target: 'idempotentInvocation', service: 'Greeter', handler: 'greet',
      idempotencyKey: key });
    if (unkeyed.id) rows.push(['idempotent', 'Greeter', 'greet', '', hex(key), unkeyed.id, '', '', '']);
    else console.error(`unkeyed lookup failed: ${unkeyed.error}`);
  }
}

async function call(rows, service, key, handler, body, idempotencyKey) {
  const headers = { 'content-type': 'application/json' };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const url = key === undefined ? `${ingress}/${service}/${handler}`
    : `${ingress}/${service}/${encodeURIComponent(key)}/${handler}`;
  const started = Date.now();
  const r = await post(url, body, headers);
  const ended = Date.now();
  if (r.status !== 200) throw new Error(`call ${url} failed: ${r.status} ${r.text}`);
  const kind = idempotencyKey === undefined ? 'call' : 'idempotent';
  rows.push([kind, service, handler, key === undefined ? '' : hex(key),
    idempotencyKey === undefined ? '' : hex(idempotencyKey), r.headers.get('x-restate-id'), started, ended, '']);
  return r;
}

async function collectCalls(rows, awakeables, allKeys) {
  for (const key of allKeys.filter((k) => Buffer.byteLength(k) < 1500).slice(0, 60)) {
    await call(rows, 'Counter', key, 'add', '1');
  }
  for (let i = 0; i < 40; i++) await call(rows, 'Greeter', undefined, 'greet', JSON.stringify(`g${i}`));
  for (let i = 0; i < 10; i++) await call(rows, 'Greeter', undefined, 'greet', '"x"', `call-idem-${i}`);
  for (let i = 0; i < 10; i++) await call(rows, 'Counter', `k${i}`, 'add', '1', `call-idem-${i}`);
  for (const key of ['alice', 'bob', 'Zürich', 'a'.repeat(300), 'k5']) {
    const r = await call(rows, 'Counter', key, 'awakeable', '');
    const body = JSON.parse(r.text);
    awakeables.push([body.awakeableId, body.invocationId]);
    if (body.invocationId !== r.headers.get('x-restate-id')) throw new Error('ctx.request().id != x-restate-id');
  }
}

/** Fills in the idempotency keys the ingress generated for plain calls (1.7.12 makes every call idempotent). */
async function collectGeneratedKeys(rows) {
  const r = await post(`${admin}/query`, JSON.stringify({ query: 'SELECT id, idempotency_key FROM sys_invocation' }),
    { 'content-type': 'application/json', accept: 'application/json' });
  if (r.status !== 200) throw new Error(`query failed: ${r.status} ${r.text}`);
  const keyOf = new Map(JSON.parse(r.text).rows.map((row) => [row.id, row.idempotency_key]));
  for (const row of rows.filter((row) => row[0] === 'call')) {
    const generated = keyOf.get(row[5]);
    if (!generated) throw new Error(`no idempotency key recorded for ${row[5]}`);
    row[8] = generated;
  }
}

async function collectErrors(errors, sample, awakeable) {
  const bad = ['inv_1bogus', 'inv_', 'inv_1', 'inv', 'inv1' + sample.slice(5), 'INV' + sample.slice(3), '_1x',
    'inv_2' + sample.slice(5), 'inv_0' + sample.slice(5), 'inv__1' + sample.slice(5), sample + 'X',
    sample.slice(0, 37) + '-', sample.slice(0, 15) + '-' + sample.slice(16), 'inv_1zzzzzzzzzzz' + sample.slice(16),
    sample.slice(0, 16) + 'Z'.repeat(22), 'inv_1abc-e', sample.slice(0, 16) + '6Oxe-', 'dp_16vwrumk8AanKXdlcGAdMpr',
    'sub_1abc', 'sign_1abc', 'prom_1abc', 'snap_1abc', 'pid_1abc', 'foo_' + sample.slice(4), 'dp_', 'dp_2x',
    'sub_', 'x_', '_', 'inv_1' + 'a'.repeat(10) + '%'];
  for (const id of bad) {
    const response = await fetch(`${ingress}/restate/invocation/${id}/output`);
    errors.push(['invocation', hex(id), response.status, hex((await response.json()).message)]);
  }
  const badAwakeables = [awakeable + 'x', awakeable.slice(0, 40), 'sign_2' + awakeable.slice(6),
    awakeable.replace('sign_1', 'prom_2'), 'sign_1', 'sign', 'sign_1AAAA', awakeable + 'AA', 'foo_1abc', sample,
    awakeable.slice(0, 20) + '+' + awakeable.slice(21), awakeable + '%3D%3D', 'sign_', 'prom_', 'prom_1', 'sign__',
    'prom_1AAAA', awakeable.replace('sign_1', 'prom_1') + 'AA', 'prom_1' + '*'.repeat(38), 'dp_1x', 'inv_',
    awakeable.slice(0, awakeable.length - 1) + 'R', awakeable.replace('sign_1', 'prom_1').slice(0, 40) + 'AA'];
  for (const id of badAwakeables) {
    const r = await post(`${ingress}/restate/awakeables/${id}/resolve`, '1');
    errors.push(['awakeable', hex(id), r.status, hex(JSON.parse(r.text).message)]);
  }
  const badDeployments = ['dp_1bogus', 'dp_2x', 'dp', 'dp_', 'sub_', 'foo_1x', sample, 'snap_1x',
    'dp_16vwrumk8AanKXdlcGAdM-r', 'dp_16vwrumk8AanKXdlcGAdMprX', 'dp_1zzzzzzzzzzzzzzzzzzzzzz'];
  for (const id of badDeployments) {
    const response = await fetch(`${admin}/deployments/${id}`);
    errors.push(['deployment', hex(id), response.status, hex(await response.text())]);
  }
}

function writeCsv(name, header, rows) {
  fs.writeFileSync(path.join(outDir, name), [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  console.log(`${name}: ${rows.length} rows`);
}

async function main() {
  const before = Date.now();
  const reg = await post(`${admin}/deployments`, JSON.stringify({ uri: serviceUrl }),
    { 'content-type': 'application/json' });
  const after = Date.now();
  if (reg.status !== 201 && reg.status !== 200) throw new Error(`registration failed: ${reg.status} ${reg.text}`);
  const deployments = [[JSON.parse(reg.text).id, before, after]];
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rows = [];
  const awakeables = [];
  const errors = [];
  const allKeys = keys();
  await collectLookups(rows, allKeys);
  await collectCalls(rows, awakeables, allKeys);
  await collectGeneratedKeys(rows);
  await collectErrors(errors, rows.find((r) => r[0] === 'call')[5], awakeables[0][0]);
  writeCsv('reference-ids.csv',
    'kind,service,handler,key_hex,idempotency_key_hex,invocation_id,started_ms,ended_ms,generated_key', rows);
  writeCsv('reference-awakeables.csv', 'awakeable_id,invocation_id', awakeables);
  writeCsv('reference-errors.csv', 'kind,id_hex,status,message_hex', errors);
  writeCsv('reference-deployments.csv', 'deployment_id,registered_after_ms,registered_before_ms', deployments);
}

main().catch((e) => { console.error(e); process.exit(1); });
