// Runs the scripted requests of checks.mjs against two servers side by side (the reference restate-server and
// jrestate), compares each pair of answers (compare.mjs) and writes a diff report. Started by tools/compat/run,
// which also starts the servers and the SDK services; usable alone against servers that already run:
//
//   node compat.mjs --out DIR \
//     --server reference,http://127.0.0.1:28070,http://127.0.0.1:28080,http://127.0.0.1:28090/ \
//     --server jrestate,http://127.0.0.1:28170,http://127.0.0.1:28180,http://127.0.0.1:28190/ [--only PREFIX]
//
// --only PREFIX reports only the checks whose id starts with PREFIX (every step still runs).
//
// Each --server is NAME,ADMIN_URL,INGRESS_URL,SDK_SERVICE_URI; the first is the reference. Each step runs on both
// servers at once (one request each, or a poll until a condition holds); steps marked async are joined later.
// Output: DIR/report.md (summary and every difference), DIR/results.json (both answers of every check).
// Exit code 0 whether or not answers differ (the report says how many); 2 on bad arguments.
import * as http from "node:http";
import * as fs from "node:fs";
import * as path from "node:path";
import { checks, known } from "./checks.mjs";
import { normaliser, view, diffViews } from "./compare.mjs";

const REQUEST_TIMEOUT_MS = 20_000;

function parseArgs(argv) {
  const args = { servers: [], out: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--server" && value) {
      const [name, admin, ingress, service] = value.split(",");
      if (!service) {
        usage(`--server needs NAME,ADMIN_URL,INGRESS_URL,SDK_SERVICE_URI, got '${value}'`);
      }
      args.servers.push({ name, admin, ingress, service });
    } else if (argv[i] === "--out" && value) {
      args.out = value;
    } else if (argv[i] === "--only" && value) {
      args.only = value;
    } else {
      usage(`unknown or incomplete argument '${argv[i]}'`);
    }
    i++;
  }
  if (args.servers.length !== 2 || !args.out) {
    usage("give exactly two --server (reference first) and --out");
  }
  return args;
}

function usage(problem) {
  console.error(`compat.mjs: ${problem}`);
  console.error("usage: node compat.mjs --out DIR --server NAME,ADMIN,INGRESS,SERVICE_URI --server ...");
  process.exit(2);
}

/** One HTTP/1.1 request; never rejects: a failure becomes {error}. */
function request(url, method, headers, body, timeoutMs = REQUEST_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json;
        try {
          json = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on("error", (e) => resolve({ error: `response error: ${e.code ?? e.message}` }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ error: e.message === "timeout" ? "timeout" : `connection error: ${e.code}` }));
    if (body !== undefined) {
      req.write(body);
    }
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The request a step makes on one server: method, URL, headers and body. */
function requestOf(step, server, vars) {
  const p = typeof step.path === "function" ? step.path(vars) : step.path;
  const base = step.api === "admin" ? server.admin : server.ingress;
  const headers = { ...(step.headers ?? {}) };
  let body = typeof step.body === "function" ? step.body(vars, server) : step.body;
  if (step.json !== undefined) {
    const value = typeof step.json === "function" ? step.json(vars, server) : step.json;
    body = JSON.stringify(value);
    headers["content-type"] ??= "application/json";
  }
  return { method: step.method ?? "GET", url: base + p, path: p, headers, body };
}

/** Runs one step on one server: one request, or polls until step.until holds (at most step.untilMs). */
async function runOn(step, server, vars) {
  const deadline = Date.now() + (step.untilMs ?? 30_000);
  for (;;) {
    const req = requestOf(step, server, vars);
    const answer = await request(req.url, req.method, req.headers, req.body, step.timeoutMs);
    answer.request = { method: req.method, path: req.path };
    if (!step.until || step.until(answer) || Date.now() > deadline) {
      if (step.save && !answer.error) {
        try {
          step.save(answer, vars);
        } catch (e) {
          answer.saveError = `could not take what the next steps need: ${e.message}`;
        }
      }
      return answer;
    }
    await sleep(250);
  }
}

function compareStep(step, answers, ctxs) {
  const views = answers.map((answer, i) => {
    const s = ctxs[i].server;
    const urls = [[s.service, "<service-uri>"], [s.service.replace(/\/$/, ""), "<service-uri>"],
      [s.admin, "<admin-url>"], [s.ingress, "<ingress-url>"]];
    return view(answer, normaliser(ctxs[i].vars, urls, step.exactIds), step.project);
  });
  const diffs = diffViews(views[0], views[1]);
  for (const [i, answer] of answers.entries()) {
    if (answer.saveError) {
      diffs.push(`${ctxs[i].server.name}: ${answer.saveError}`);
    }
  }
  return { id: step.id, what: step.what, request: answers[0].request, diffs, views, known: known[step.id] };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ctxs = args.servers.map((server) => ({ server, vars: {} }));
  const pending = new Map();
  const results = [];
  // Every step runs even with --only: later steps need the ids earlier ones saved. Only the report is filtered.
  for (const step of checks) {
    if (step.sleepMs) {
      await sleep(step.sleepMs);
      continue;
    }
    if (step.join) {
      const job = pending.get(step.join);
      if (job) {
        results.push(compareStep(job.step, await job.answers, ctxs));
        pending.delete(step.join);
      }
      continue;
    }
    const answers = Promise.all(ctxs.map((c) => runOn(step, c.server, c.vars)));
    if (step.async) {
      pending.set(step.id, { step, answers });
      await sleep(step.asyncStartMs ?? 500);
      continue;
    }
    const result = compareStep(step, await answers, ctxs);
    results.push(result);
    const mark = result.diffs.length === 0 ? "same" : `${result.diffs.length} difference(s)`;
    console.error(`[compat] ${step.id}: ${mark}`);
  }
  for (const [id, job] of pending) {
    results.push(compareStep(job.step, await job.answers, ctxs));
    console.error(`[compat] ${id}: joined at the end (no join step)`);
  }
  const reported = results.filter((r) => !args.only || r.id.startsWith(args.only));
  fs.mkdirSync(args.out, { recursive: true });
  fs.writeFileSync(path.join(args.out, "results.json"), JSON.stringify(reported, null, 2));
  const report = renderReport(reported, args.servers);
  fs.writeFileSync(path.join(args.out, "report.md"), report);
  process.stdout.write(report);
}

function renderReport(results, servers) {
  const differing = results.filter((r) => r.diffs.length > 0);
  const accepted = differing.filter((r) => r.known).length;
  const lines = [`# Compatibility check: ${servers[0].name} vs ${servers[1].name}`, ""];
  lines.push(`${results.length} checks, ${results.length - differing.length} match, ${differing.length} differ`
    + ` (${accepted} of them known differences, ${differing.length - accepted} unexpected).`);
  lines.push("", "In each difference the first value is the reference's, the second jrestate's.", "");
  for (const r of [...differing.filter((x) => !x.known), ...differing.filter((x) => x.known)]) {
    lines.push(`## ${r.id}: ${r.request.method} ${r.request.path}`);
    if (r.what) {
      lines.push(`_${r.what}_`);
    }
    if (r.known) {
      lines.push(`Known difference: ${r.known}`);
    }
    lines.push("", ...r.diffs.map((d) => `- ${d}`), "");
  }
  lines.push("## Matching checks", "");
  for (const r of results.filter((x) => x.diffs.length === 0)) {
    lines.push(`- ${r.id}: ${r.request.method} ${r.request.path} -> ${r.views[0].status}`);
  }
  return lines.join("\n") + "\n";
}

await main();
