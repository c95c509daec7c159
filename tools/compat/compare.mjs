// Normalisation and comparison of two HTTP answers to the same request (one per server). Pure functions: no I/O.
//
// An answer is {status, headers (lower-case names), text, json (parsed body or undefined), error?}. What is
// compared, in this order:
//   status          the HTTP status (or "timeout"/"connection error" when there was none)
//   headers         content-type (exact, parameters included), location, x-restate-error-source, allow and the
//                   access-control-allow-* headers (values), and
//                   x-restate-id, idempotency-expires (presence; the id is normalised like body ids)
//   body            JSON: key sets, value types and values after normalisation; otherwise the text after
//                   normalisation
// Normalisation makes answers from two servers comparable without hiding what a user would see:
//   inv_1…, dp_1…, sign_1…, prom_1… ids   -> <$var> when the id is a value the script saved under that name,
//                                            else <inv#N> numbered by first appearance within the answer
//                                            (steps with exactIds keep invocation ids: deterministic ids must
//                                            be equal on both servers)
//   RFC 3339 timestamps                   -> <time/frac=N> (N = digits of the fraction: format differences stay)
//   the server's own URLs and SDK URI     -> <admin-url>, <ingress-url>, <service-uri>
//   arrays of objects with a "name"       -> sorted by name, printed as [name=X] in paths (order is a hash
//                                            order in the reference, nothing a user can rely on)
//   arrays of strings                     -> sorted

const ID_PATTERNS = [
  /inv_1[0-9A-Za-z]{33}/g,
  /dp_1[0-9A-Za-z]{22}/g,
  /sign_1[0-9A-Za-z_-]{20,}/g,
  /prom_1[0-9A-Za-z_-]{20,}/g,
];
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d+))?(?:Z|[+-]\d{2}:\d{2})/g;

/** A normaliser for one answer of one server: vars are the script's saved values, urls the server's own. */
export function normaliser(vars, urls, exactIds) {
  const numbers = new Map();
  const named = new Map();
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value === "string" && value.length >= 20) {
      named.set(value, `<$${name}>`);
    }
  }
  const idName = (id) => {
    if (named.has(id)) {
      return named.get(id);
    }
    if (!numbers.has(id)) {
      numbers.set(id, `<${id.slice(0, id.indexOf("_"))}#${numbers.size + 1}>`);
    }
    return numbers.get(id);
  };
  const text = (s) => {
    let out = s;
    for (const [url, label] of urls) {
      out = out.split(url).join(label);
    }
    for (const pattern of ID_PATTERNS) {
      if (exactIds && pattern.source.startsWith("inv_")) {
        continue;
      }
      out = out.replace(pattern, idName);
    }
    return out.replace(TIMESTAMP, (_m, frac) => `<time/frac=${frac ? frac.length : 0}>`);
  };
  const json = (value) => {
    if (typeof value === "string") {
      return text(value);
    }
    if (Array.isArray(value)) {
      const items = value.map(json);
      if (items.every((i) => typeof i === "string")) {
        return items.sort();
      }
      if (items.every((i) => i && typeof i === "object" && typeof i.name === "string")) {
        return items.sort((a, b) => a.name.localeCompare(b.name));
      }
      return items;
    }
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        out[text(k)] = json(v);
      }
      return out;
    }
    return value;
  };
  return { text, json };
}

function typeOf(v) {
  if (v === null) {
    return "null";
  }
  return Array.isArray(v) ? "array" : typeof v;
}

function show(v) {
  const s = JSON.stringify(v);
  return s === undefined ? "undefined" : s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** Differences between two normalised JSON values, as "path: what" strings (a = reference, b = jrestate). */
export function diffJson(a, b, path = "$", out = []) {
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) {
    out.push(`${path}: type ${ta} ${show(a)} vs ${tb} ${show(b)}`);
    return out;
  }
  if (ta === "array") {
    const named = a.every((i) => i && typeof i.name === "string") && b.every((i) => i && typeof i.name === "string");
    if (named && (a.length > 0 || b.length > 0)) {
      const byName = (arr) => new Map(arr.map((i) => [i.name, i]));
      const ma = byName(a);
      const mb = byName(b);
      for (const [name, item] of ma) {
        if (!mb.has(name)) {
          out.push(`${path}[name=${name}]: only in reference`);
        } else {
          diffJson(item, mb.get(name), `${path}[name=${name}]`, out);
        }
      }
      for (const name of mb.keys()) {
        if (!ma.has(name)) {
          out.push(`${path}[name=${name}]: only in jrestate`);
        }
      }
      return out;
    }
    if (a.length !== b.length) {
      out.push(`${path}: length ${a.length} vs ${b.length}: ${show(a)} vs ${show(b)}`);
      return out;
    }
    a.forEach((item, i) => diffJson(item, b[i], `${path}[${i}]`, out));
    return out;
  }
  if (ta === "object") {
    for (const key of Object.keys(a)) {
      if (!(key in b)) {
        out.push(`${path}.${key}: missing in jrestate (reference ${show(a[key])})`);
      } else {
        diffJson(a[key], b[key], `${path}.${key}`, out);
      }
    }
    for (const key of Object.keys(b)) {
      if (!(key in a)) {
        out.push(`${path}.${key}: only in jrestate (${show(b[key])})`);
      }
    }
    return out;
  }
  if (a !== b) {
    out.push(`${path}: ${show(a)} vs ${show(b)}`);
  }
  return out;
}

const VALUE_HEADERS = ["content-type", "location", "x-restate-error-source", "allow", "access-control-allow-origin",
  "access-control-allow-methods", "access-control-allow-headers", "access-control-allow-credentials"];
const PRESENCE_HEADERS = ["x-restate-id", "idempotency-expires"];

/** The comparable view of one answer: status, headers and normalised body. */
export function view(answer, norm, project) {
  const headers = {};
  for (const name of VALUE_HEADERS) {
    if (answer.headers?.[name] !== undefined) {
      headers[name] = norm.text(String(answer.headers[name]));
    }
  }
  for (const name of PRESENCE_HEADERS) {
    if (answer.headers?.[name] !== undefined) {
      headers[name] = name === "x-restate-id" ? norm.text(String(answer.headers[name])) : "<present>";
    }
  }
  let body;
  if (answer.json !== undefined) {
    body = { json: norm.json(project ? project(answer.json) : answer.json) };
  } else {
    body = { text: norm.text(answer.text ?? "") };
  }
  return { status: answer.error ?? answer.status, headers, body };
}

/** The differences between the views of the reference's (a) and jrestate's (b) answers. */
export function diffViews(a, b) {
  const out = [];
  if (a.status !== b.status) {
    out.push(`status: ${a.status} vs ${b.status}`);
  }
  const names = new Set([...Object.keys(a.headers), ...Object.keys(b.headers)]);
  for (const name of names) {
    if (a.headers[name] !== b.headers[name]) {
      out.push(`header ${name}: ${show(a.headers[name])} vs ${show(b.headers[name])}`);
    }
  }
  if ("json" in a.body && "json" in b.body) {
    for (const d of diffJson(a.body.json, b.body.json)) {
      out.push(`body ${d}`);
    }
  } else if ("text" in a.body && "text" in b.body) {
    if (a.body.text !== b.body.text) {
      out.push(`body text: ${show(a.body.text)} vs ${show(b.body.text)}`);
    }
  } else {
    const kind = (v) => ("json" in v ? `JSON ${show(v.json)}` : `text ${show(v.text)}`);
    out.push(`body: ${kind(a.body)} vs ${kind(b.body)}`);
  }
  return out;
}
