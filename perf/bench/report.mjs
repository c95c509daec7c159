// Prints the comparison table of one bench-vs-reference run as Markdown.
// Usage: node report.mjs RESULTS_DIR
// Reads, per server directory (reference/, jrestate/): <scenario>.json (the load tool's JSON line),
// <scenario>.rss_kb (largest VmRSS sampled during the scenario), resources.json (VmHWM, idle CPU ticks), or
// not-measured.txt (why that server was not measured), <scenario>.loadavg (the machine's 1-minute load average
// when the scenario started: the machine is shared, so this shows how noisy a row is). Ratios are
// jrestate / reference from the same run.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error(`report.mjs: results directory '${dir}' does not exist; usage: report.mjs RESULTS_DIR`);
  process.exit(2);
}
const read = (...p) => (existsSync(join(dir, ...p)) ? readFileSync(join(dir, ...p), "utf8").trim() : null);
const json = (...p) => {
  const text = read(...p);
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    console.error(`report.mjs: ${join(dir, ...p)} is not JSON: ${e.message}`);
    return null;
  }
};
const servers = ["reference", "jrestate"];
const scenarios = (read("scenarios.txt") ?? "").split("\n").filter(Boolean).map((l) => l.split("|"));
const skipped = Object.fromEntries(servers.map((s) => [s, read(s, "not-measured.txt")]));
const f = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? "n/a" : v.toFixed(digits));
const ratio = (a, b) => (a == null || b == null || b === 0 ? "n/a" : `${(a / b).toFixed(2)}x`);
const mib = (kb) => (kb == null ? null : kb / 1024);

const out = [];
out.push("| scenario | conns | reference req/s | p50 ms | p99 ms | errors | jrestate req/s | p50 ms | p99 ms | errors"
  + " | throughput ratio | p99 ratio | load avg ref / jr |");
out.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const [name, conns] of scenarios) {
  const r = skipped.reference ? null : json("reference", `${name}.json`);
  const j = skipped.jrestate ? null : json("jrestate", `${name}.json`);
  out.push(`| ${name} | ${conns} | ${f(r?.throughput_rps)} | ${f(r?.p50_ms)} | ${f(r?.p99_ms)} | ${r?.errors ?? "n/a"}`
    + ` | ${f(j?.throughput_rps)} | ${f(j?.p50_ms)} | ${f(j?.p99_ms)} | ${j?.errors ?? "n/a"}`
    + ` | ${ratio(j?.throughput_rps, r?.throughput_rps)} | ${ratio(j?.p99_ms, r?.p99_ms)}`
    + ` | ${read("reference", `${name}.loadavg`) ?? "n/a"} / ${read("jrestate", `${name}.loadavg`) ?? "n/a"} |`);
}
out.push("");
const res = Object.fromEntries(servers.map((s) => [s, skipped[s] ? null : json(s, "resources.json")]));
const peakSampled = Object.fromEntries(servers.map((s) => [s, skipped[s] ? null : scenarios
  .map(([name]) => Number(read(s, `${name}.rss_kb`) ?? NaN)).filter((v) => !Number.isNaN(v))
  .reduce((a, b) => Math.max(a, b), 0) || null]));
const idlePct = (r) => (r ? (100 * r.idle_cpu_ticks) / (r.clk_tck * r.idle_seconds) : null);
out.push("| resource | reference | jrestate | ratio |");
out.push("|---|---|---|---|");
out.push(`| peak RSS under load, VmHWM (MiB) | ${f(mib(res.reference?.vmhwm_kb))} | ${f(mib(res.jrestate?.vmhwm_kb))}`
  + ` | ${ratio(res.jrestate?.vmhwm_kb, res.reference?.vmhwm_kb)} |`);
out.push(`| largest VmRSS sampled every 0.5 s (MiB) | ${f(mib(peakSampled.reference))}`
  + ` | ${f(mib(peakSampled.jrestate))} | ${ratio(peakSampled.jrestate, peakSampled.reference)} |`);
out.push(`| idle CPU after load, % of one core | ${f(idlePct(res.reference), 2)} | ${f(idlePct(res.jrestate), 2)} | |`);
out.push(`| base dir size after the run (MiB) | ${f(res.reference ? res.reference.disk_bytes / 1048576 : null)}`
  + ` | ${f(res.jrestate ? res.jrestate.disk_bytes / 1048576 : null)} | |`);
for (const s of servers) {
  if (skipped[s]) {
    out.push("", `**${s} was not measured:** ${skipped[s]}`);
  }
}
const machine = read("machine.txt");
if (machine) {
  out.push("", "```", machine, "```");
}
console.log(out.join("\n"));
