// The scripted requests of the compatibility check, in order. Each step runs on both servers; see compat.mjs for
// how, compare.mjs for what is compared. Step fields:
//   id        unique name (admin.* / ingress.*)          what    one line on what the step checks
//   api       "admin" | "ingress"                         method, path (string or vars => string)
//   json      value sent as JSON (content-type application/json unless headers say otherwise)
//   body      raw body string                             headers extra request headers
//   save      (answer, vars) => store what later steps need (ids) under a name; ids saved this way appear as
//             <$name> in the report
//   until     poll until (answer) => true, at most untilMs (default 30 s)
//   async     start now, compare at the step {join: id}  exactIds  keep invocation ids (deterministic ones)
//   project   json => the part of the body to compare     sleepMs   a pause step
// Differences accepted for now are listed in `known` at the end of this file, by check id.

const json = { "content-type": "application/json" };
const idOf = (a) => a.json?.invocationId ?? a.headers["x-restate-id"];
const saveId = (name) => (a, vars) => {
  const id = idOf(a);
  if (!id) {
    throw new Error(`no invocation id in the answer (status ${a.status})`);
  }
  vars[name] = id;
};
const completed = (a) => a.status !== 470;

const admin = [
  { id: "admin.health", api: "admin", path: "/health" },
  { id: "admin.version", api: "admin", path: "/version" },
  { id: "admin.v4.health", api: "admin", path: "/v4/health" },
  { id: "admin.health.head", api: "admin", method: "HEAD", path: "/health" },
  { id: "admin.v1.rejected", api: "admin", path: "/v1/deployments" },
  { id: "admin.v9.rejected", api: "admin", path: "/v9/deployments" },
  { id: "admin.cluster-health", api: "admin", path: "/cluster-health" },
  {
    id: "admin.openapi", api: "admin", path: "/openapi", what: "the document's version and the set of paths",
    project: (j) => ({ openapi: j.openapi, version: j.info?.version, paths: Object.keys(j.paths ?? {}).sort() }),
  },
  { id: "admin.unknown-route", api: "admin", path: "/nope" },
  { id: "admin.services.empty", api: "admin", path: "/services" },
  { id: "admin.deployments.empty", api: "admin", path: "/deployments" },
  {
    id: "admin.deployments.register.dry-run", api: "admin", method: "POST", path: "/deployments",
    json: (_v, s) => ({ uri: s.service, dry_run: true }),
  },
  { id: "admin.deployments.after-dry-run", api: "admin", path: "/deployments" },
  {
    id: "admin.deployments.register", api: "admin", method: "POST", path: "/deployments",
    json: (_v, s) => ({ uri: s.service }), save: (a, vars) => { vars.dp = a.json.id; },
  },
  {
    id: "admin.deployments.register.again", api: "admin", method: "POST", path: "/deployments",
    json: (_v, s) => ({ uri: s.service }), what: "the same deployment registered twice (unprefixed API)",
  },
  {
    id: "admin.deployments.register.again.v4", api: "admin", method: "POST", path: "/v4/deployments",
    json: (_v, s) => ({ uri: s.service }),
  },
  {
    id: "admin.deployments.register.again.v2", api: "admin", method: "POST", path: "/v2/deployments",
    json: (_v, s) => ({ uri: s.service }),
  },
  {
    id: "admin.deployments.register.cli-form", api: "admin", method: "POST", path: "/v4/deployments",
    what: "the restate CLI's dry run body",
    json: (_v, s) => ({ uri: s.service, additional_headers: null, use_http_11: false, breaking: false,
      force: false, dry_run: true }),
  },
  { id: "admin.deployments.list", api: "admin", path: "/deployments" },
  { id: "admin.deployments.get", api: "admin", path: (v) => `/deployments/${v.dp}` },
  { id: "admin.deployments.get.v4", api: "admin", path: (v) => `/v4/deployments/${v.dp}` },
  { id: "admin.deployments.get.malformed-id", api: "admin", path: "/deployments/dp_nope" },
  { id: "admin.deployments.get.unknown", api: "admin", path: "/deployments/dp_10000000000000000000000" },
  {
    id: "admin.deployments.register.bad-uri", api: "admin", method: "POST", path: "/deployments",
    json: { uri: "not a url" },
  },
  {
    id: "admin.deployments.register.unreachable", api: "admin", method: "POST", path: "/deployments",
    json: { uri: "http://127.0.0.1:1/" },
  },
  {
    id: "admin.deployments.register.bad-json", api: "admin", method: "POST", path: "/deployments",
    headers: json, body: "{\"uri\":",
  },
  {
    id: "admin.deployments.register.no-uri", api: "admin", method: "POST", path: "/deployments",
    json: { additional_headers: {} },
  },
  {
    id: "admin.deployments.register.wrong-type", api: "admin", method: "POST", path: "/deployments",
    json: { uri: 42 },
  },
  {
    id: "admin.deployments.register.no-content-type", api: "admin", method: "POST", path: "/deployments",
    body: "{\"uri\":\"http://127.0.0.1:1/\"}",
  },
  { id: "admin.deployments.delete.not-forced", api: "admin", method: "DELETE", path: (v) => `/deployments/${v.dp}` },
  {
    id: "admin.deployments.delete.unknown", api: "admin", method: "DELETE",
    path: "/deployments/dp_10000000000000000000000?force=true",
  },
  { id: "admin.deployments.wrong-method", api: "admin", method: "PUT", path: "/deployments" },
  { id: "admin.services.list", api: "admin", path: "/services" },
  { id: "admin.services.get.service", api: "admin", path: "/services/Greeter" },
  { id: "admin.services.get.object", api: "admin", path: "/v4/services/Counter" },
  { id: "admin.services.get.workflow", api: "admin", path: "/services/Wf" },
  { id: "admin.services.get.private", api: "admin", path: "/services/Hidden" },
  { id: "admin.services.get.unknown", api: "admin", path: "/services/Nope" },
  { id: "admin.services.handlers", api: "admin", path: "/services/Greeter/handlers" },
  { id: "admin.services.handler", api: "admin", path: "/services/Counter/handlers/get" },
  { id: "admin.services.handler.unknown", api: "admin", path: "/services/Greeter/handlers/nope" },
  { id: "admin.services.handlers.unknown-service", api: "admin", path: "/services/Nope/handlers" },
  {
    id: "admin.services.openapi", api: "admin", path: "/services/Greeter/openapi",
    what: "the per-service document's version and paths",
    project: (j) => ({ openapi: j.openapi, title: j.info?.title, paths: Object.keys(j.paths ?? {}).sort() }),
  },
  {
    id: "admin.services.patch", api: "admin", method: "PATCH", path: "/services/Counter",
    json: { idempotency_retention: "2h" },
  },
  {
    id: "admin.services.patch.private", api: "admin", method: "PATCH", path: "/services/Greeter",
    json: { public: false },
  },
  { id: "ingress.call.made-private", api: "ingress", method: "POST", path: "/Greeter/greet", json: "x" },
  {
    id: "admin.services.patch.public", api: "admin", method: "PATCH", path: "/services/Greeter",
    json: { public: true },
  },
  {
    id: "admin.deployments.patch", api: "admin", method: "PATCH", path: (v) => `/deployments/${v.dp}`,
    json: (_v, s) => ({ uri: s.service }),
  },
  {
    id: "admin.services.patch.unknown", api: "admin", method: "PATCH", path: "/services/Nope",
    json: { public: true },
  },
  {
    id: "admin.services.patch.bad-duration", api: "admin", method: "PATCH", path: "/services/Counter",
    json: { journal_retention: "soon" },
  },
  {
    id: "admin.services.state", api: "admin", method: "POST", path: "/services/Counter/state",
    json: { object_key: "st1", new_state: { count: [52, 48] } },
  },
  {
    id: "ingress.state.read", api: "ingress", method: "POST", path: "/Counter/st1/get", what: "state set by admin",
    until: (a) => a.text === "40", untilMs: 10_000,
  },
];

const ingress = [
  { id: "ingress.health", api: "ingress", path: "/restate/health" },
  { id: "ingress.call", api: "ingress", method: "POST", path: "/Greeter/greet", json: "world" },
  { id: "ingress.call.get-with-body", api: "ingress", method: "GET", path: "/Greeter/greet", json: "get" },
  { id: "ingress.call.restate-form", api: "ingress", method: "POST", path: "/restate/call/Greeter/greet", json: "rc" },
  {
    id: "ingress.cors.preflight", api: "ingress", method: "OPTIONS", path: "/Greeter/greet",
    headers: { origin: "http://app.example", "access-control-request-method": "POST",
      "access-control-request-headers": "content-type, idempotency-key" },
  },
  { id: "ingress.cors.options", api: "ingress", method: "OPTIONS", path: "/Counter/k1/add" },
  {
    id: "ingress.cors.call", api: "ingress", method: "POST", path: "/Greeter/greet", json: "cors",
    headers: { origin: "http://app.example" },
  },
  {
    id: "ingress.cors.error", api: "ingress", method: "POST", path: "/Nope/greet", json: "cors",
    headers: { origin: "http://app.example" },
  },
  { id: "admin.cors.preflight", api: "admin", method: "OPTIONS", path: "/deployments",
    headers: { origin: "http://app.example", "access-control-request-method": "GET" } },
  { id: "ingress.call.put", api: "ingress", method: "PUT", path: "/Greeter/greet", json: "x" },
  { id: "ingress.call.delete", api: "ingress", method: "DELETE", path: "/Greeter/greet" },
  { id: "ingress.call.unknown-service", api: "ingress", method: "POST", path: "/Nope/greet", json: "x" },
  { id: "ingress.call.unknown-handler", api: "ingress", method: "POST", path: "/Greeter/nope", json: "x" },
  { id: "ingress.call.private", api: "ingress", method: "POST", path: "/Hidden/ping", json: "x" },
  { id: "ingress.call.text-body", api: "ingress", method: "POST", path: "/Greeter/greet",
    headers: { "content-type": "text/plain" }, body: "plain" },
  { id: "ingress.call.no-content-type", api: "ingress", method: "POST", path: "/Greeter/greet", body: "\"x\"" },
  { id: "ingress.call.charset", api: "ingress", method: "POST", path: "/Greeter/greet",
    headers: { "content-type": "application/json; charset=utf-8" }, body: "\"cs\"" },
  { id: "ingress.call.empty-body", api: "ingress", method: "POST", path: "/Counter/e1/get" },
  { id: "ingress.call.root", api: "ingress", method: "POST", path: "/", json: "x" },
  { id: "ingress.call.one-segment", api: "ingress", method: "POST", path: "/Greeter", json: "x" },
  { id: "ingress.call.too-deep", api: "ingress", method: "POST", path: "/a/b/c/d/e/f/g/h/i", json: "x" },
  { id: "ingress.openapi", api: "ingress", path: "/openapi" },
  { id: "ingress.call.terminal-failure", api: "ingress", method: "POST", path: "/Greeter/fail", json: "boom" },
  { id: "ingress.object.missing-key", api: "ingress", method: "POST", path: "/Counter/add", json: 1 },
  { id: "ingress.object.add", api: "ingress", method: "POST", path: "/Counter/k1/add", json: 5 },
  { id: "ingress.object.add.again", api: "ingress", method: "POST", path: "/Counter/k1/add", json: 5 },
  { id: "ingress.object.shared", api: "ingress", method: "POST", path: "/Counter/k1/get" },
  { id: "ingress.object.encoded-key", api: "ingress", method: "POST", path: "/Counter/a%20b%2Fc/add", json: 2 },
  { id: "ingress.object.encoded-key.read", api: "ingress", method: "GET", path: "/Counter/a%20b%2Fc/get" },
  { id: "ingress.object.extra-segment", api: "ingress", method: "POST", path: "/Counter/k1/add/x", json: 1 },
  { id: "ingress.service.extra-segment", api: "ingress", method: "POST", path: "/Greeter/greet/x", json: 1 },
  {
    id: "ingress.send", api: "ingress", method: "POST", path: "/Greeter/greet/send", json: "sent",
    save: saveId("sent"),
  },
  { id: "ingress.send.restate-form", api: "ingress", method: "POST", path: "/restate/send/Counter/k2/add", json: 1 },
  {
    id: "ingress.send.output", api: "ingress", path: (v) => `/restate/invocation/${v.sent}/output`,
    until: completed,
  },
  { id: "ingress.send.attach", api: "ingress", path: (v) => `/restate/invocation/${v.sent}/attach` },
  {
    id: "ingress.send.attach.post", api: "ingress", method: "POST",
    path: (v) => `/restate/invocation/${v.sent}/attach`,
  },
  { id: "ingress.send.attach.short", api: "ingress", path: (v) => `/restate/attach/${v.sent}` },
  { id: "ingress.send.output.short", api: "ingress", path: (v) => `/restate/output/${v.sent}` },
  {
    id: "ingress.output.by-body", api: "ingress", method: "POST", path: "/restate/output",
    json: (v) => ({ target: "invocation", invocationId: v.sent }),
  },
  {
    id: "ingress.send.delayed", api: "ingress", method: "POST", path: "/Greeter/greet/send?delay=2s", json: "later",
    save: saveId("delayed"),
  },
  {
    id: "ingress.send.delayed.output.early", api: "ingress", path: (v) => `/restate/invocation/${v.delayed}/output`,
    what: "a delayed send's output before it ran",
  },
  {
    id: "ingress.send.delayed.output", api: "ingress", path: (v) => `/restate/invocation/${v.delayed}/output`,
    until: completed,
  },
  { id: "ingress.send.delay-iso", api: "ingress", method: "POST", path: "/Greeter/greet/send?delay=PT1S", json: "i" },
  { id: "ingress.send.delay-bad", api: "ingress", method: "POST", path: "/Greeter/greet/send?delay=soon", json: "x" },
  { id: "ingress.call.delay", api: "ingress", method: "POST", path: "/Greeter/greet?delay=1s", json: "x" },
  { id: "ingress.output.malformed-id", api: "ingress", path: "/restate/invocation/inv_1bogus/output" },
  { id: "ingress.attach.malformed-id", api: "ingress", path: "/restate/invocation/inv_1bogus/attach" },
  { id: "ingress.output.not-an-id", api: "ingress", path: "/restate/invocation/hello/output" },
  {
    id: "ingress.output.unknown", api: "ingress", exactIds: true,
    path: "/restate/invocation/inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw/output",
  },
  {
    id: "ingress.attach.unknown", api: "ingress", exactIds: true,
    path: "/restate/invocation/inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw/attach",
  },
  { id: "ingress.restate.unknown", api: "ingress", path: "/restate/nope" },
];

const idempotency = [
  {
    id: "ingress.idempotent.call", api: "ingress", method: "POST", path: "/Greeter/greet", json: "idem",
    headers: { "idempotency-key": "k-call" }, exactIds: true,
  },
  {
    id: "ingress.idempotent.call.again", api: "ingress", method: "POST", path: "/Greeter/greet", json: "idem",
    headers: { "idempotency-key": "k-call" }, exactIds: true,
  },
  {
    id: "ingress.idempotent.call.other-body", api: "ingress", method: "POST", path: "/Greeter/greet", json: "other",
    headers: { "idempotency-key": "k-call" }, exactIds: true, what: "same key, different body: stored result",
  },
  {
    id: "ingress.idempotent.object", api: "ingress", method: "POST", path: "/Counter/k3/add", json: 3,
    headers: { "idempotency-key": "k-obj" }, exactIds: true,
  },
  {
    id: "ingress.idempotent.object.again", api: "ingress", method: "POST", path: "/Counter/k3/add", json: 3,
    headers: { "idempotency-key": "k-obj" }, exactIds: true,
  },
  {
    id: "ingress.idempotent.send", api: "ingress", method: "POST", path: "/Greeter/greet/send", json: "s",
    headers: { "idempotency-key": "k-send" }, exactIds: true,
  },
  {
    id: "ingress.idempotent.send.again", api: "ingress", method: "POST", path: "/Greeter/greet/send", json: "s",
    headers: { "idempotency-key": "k-send" }, exactIds: true,
  },
  {
    id: "ingress.idempotent.output", api: "ingress", path: "/restate/invocation/Greeter/greet/k-call/output",
    exactIds: true,
  },
  {
    id: "ingress.idempotent.attach.object", api: "ingress", path: "/restate/invocation/Counter/k3/add/k-obj/attach",
    exactIds: true,
  },
  {
    id: "ingress.idempotent.output.unknown", api: "ingress", path: "/restate/invocation/Greeter/greet/k-none/output",
    exactIds: true,
  },
  {
    id: "ingress.lookup.idempotent", api: "ingress", method: "POST", path: "/restate/lookup", exactIds: true,
    json: { target: "idempotentInvocation", service: "Greeter", handler: "greet", idempotencyKey: "k-call" },
  },
  {
    id: "ingress.lookup.workflow", api: "ingress", method: "POST", path: "/restate/lookup", exactIds: true,
    json: { target: "workflow", workflowName: "Wf", workflowKey: "w1" },
  },
  {
    id: "ingress.lookup.bad-body", api: "ingress", method: "POST", path: "/restate/lookup", json: { target: "x" },
  },
];

const slow = [
  {
    id: "ingress.slow.send", api: "ingress", method: "POST", path: "/Greeter/slow/send", json: 3000,
    save: saveId("slow"),
  },
  {
    id: "ingress.slow.attach", api: "ingress", path: (v) => `/restate/invocation/${v.slow}/attach`, async: true,
    what: "attach waits for the end",
  },
  { id: "ingress.slow.output.pending", api: "ingress", path: (v) => `/restate/invocation/${v.slow}/output` },
  { join: "ingress.slow.attach" },
  { id: "ingress.slow.output.done", api: "ingress", path: (v) => `/restate/invocation/${v.slow}/output` },
];

const workflow = [
  {
    id: "ingress.workflow.send", api: "ingress", method: "POST", path: "/Wf/w1/run/send", json: "x", exactIds: true,
  },
  {
    id: "ingress.workflow.send.again", api: "ingress", method: "POST", path: "/Wf/w1/run/send", json: "x",
    exactIds: true,
  },
  { id: "ingress.workflow.output.pending", api: "ingress", path: "/restate/workflow/Wf/w1/output", exactIds: true },
  { id: "ingress.workflow.attach", api: "ingress", path: "/restate/workflow/Wf/w1/attach", async: true },
  { id: "ingress.workflow.peek", api: "ingress", method: "POST", path: "/Wf/w1/peek" },
  {
    id: "ingress.workflow.idempotency-key", api: "ingress", method: "POST", path: "/Wf/w2/run", json: "x",
    headers: { "idempotency-key": "nope" },
  },
  { id: "ingress.workflow.missing-key", api: "ingress", method: "POST", path: "/Wf/run", json: "x" },
  { id: "ingress.workflow.approve", api: "ingress", method: "POST", path: "/Wf/w1/approve", json: "yes" },
  { join: "ingress.workflow.attach" },
  { id: "ingress.workflow.output", api: "ingress", path: "/restate/workflow/Wf/w1/output", exactIds: true },
  {
    id: "ingress.workflow.call.after-end", api: "ingress", method: "POST", path: "/Wf/w1/run", json: "x",
    exactIds: true,
  },
  {
    id: "ingress.workflow.send.after-end", api: "ingress", method: "POST", path: "/Wf/w1/run/send", json: "x",
    exactIds: true,
  },
  {
    id: "ingress.workflow.attach.by-body", api: "ingress", method: "POST", path: "/restate/attach", exactIds: true,
    json: { target: "workflow", workflowName: "Wf", workflowKey: "w1" },
  },
  { id: "ingress.workflow.output.unknown-key", api: "ingress", path: "/restate/workflow/Wf/nokey/output" },
  { id: "ingress.workflow.output.post", api: "ingress", method: "POST", path: "/restate/workflow/Wf/w1/output" },
  { id: "ingress.workflow.output.not-a-workflow", api: "ingress", path: "/restate/workflow/Counter/k1/output" },
];

const awakeable = (label, verb, body, headers) => [
  {
    id: `ingress.awakeable.${verb}.start`, api: "ingress", method: "POST", path: "/Greeter/awaitAwakeable/send",
    json: label, save: saveId(`${label}Inv`),
  },
  {
    id: `ingress.awakeable.${verb}.id`, api: "ingress", method: "POST", path: "/Greeter/awakeableId", json: label,
    until: (a) => typeof a.json === "string" && a.json.length > 0,
    save: (a, vars) => { vars[label] = a.json; },
  },
  {
    id: `ingress.awakeable.${verb}`, api: "ingress", method: "POST", headers,
    path: (v) => `/restate/awakeables/${v[label]}/${verb}`, body,
  },
  {
    id: `ingress.awakeable.${verb}.result`, api: "ingress",
    path: (v) => `/restate/invocation/${v[`${label}Inv`]}/output`,
    until: completed,
  },
  {
    id: `ingress.awakeable.${verb}.attach`, api: "ingress",
    path: (v) => `/restate/invocation/${v[`${label}Inv`]}/attach`,
  },
  {
    id: `ingress.awakeable.${verb}.again`, api: "ingress", method: "POST", headers,
    path: (v) => `/restate/a/${v[label]}/${verb}`, body,
  },
];

const awakeables = [
  ...awakeable("aw1", "resolve", "\"hi\"", json),
  ...awakeable("aw2", "reject", "nope", { "content-type": "text/plain" }),
  { id: "ingress.awakeable.bad-id", api: "ingress", method: "POST", path: "/restate/awakeables/sign_1xyz/resolve",
    json: 1 },
  { id: "ingress.awakeable.get", api: "ingress", method: "GET", path: (v) => `/restate/awakeables/${v.aw1}/resolve` },
];

const slowSend = (name) => ({
  id: `admin.invocations.${name}.start`, api: "ingress", method: "POST", path: "/Greeter/slow/send", json: 600000,
  save: saveId(name),
});
const manage = (id, method, pathOf, extra = {}) => ({ id, api: "admin", method, path: pathOf, ...extra });

const invocations = [
  slowSend("toCancel"),
  { sleepMs: 1000 },
  manage("admin.invocations.cancel", "PATCH", (v) => `/invocations/${v.toCancel}/cancel`),
  {
    id: "admin.invocations.cancel.result", api: "ingress", path: (v) => `/restate/invocation/${v.toCancel}/output`,
    until: completed,
  },
  {
    id: "admin.invocations.cancel.attach", api: "ingress", path: (v) => `/restate/invocation/${v.toCancel}/attach`,
  },
  manage("admin.invocations.cancel.again", "PATCH", (v) => `/invocations/${v.toCancel}/cancel`),
  slowSend("toKill"),
  { sleepMs: 1000 },
  manage("admin.invocations.kill", "PATCH", (v) => `/invocations/${v.toKill}/kill`),
  {
    id: "admin.invocations.kill.result", api: "ingress", path: (v) => `/restate/invocation/${v.toKill}/output`,
    until: completed,
  },
  manage("admin.invocations.kill.again", "PATCH", (v) => `/invocations/${v.toKill}/kill`),
  manage("admin.invocations.purge", "PATCH", (v) => `/invocations/${v.toKill}/purge`),
  {
    id: "admin.invocations.purge.result", api: "ingress", path: (v) => `/restate/invocation/${v.toKill}/output`,
  },
  manage("admin.invocations.purge.again", "PATCH", (v) => `/invocations/${v.toKill}/purge`),
  slowSend("toPause"),
  { sleepMs: 1000 },
  manage("admin.invocations.pause", "PATCH", (v) => `/invocations/${v.toPause}/pause`),
  manage("admin.invocations.purge.running", "PATCH", (v) => `/invocations/${v.toPause}/purge`),
  manage("admin.invocations.resume", "PATCH", (v) => `/invocations/${v.toPause}/resume`,
    { until: (a) => a.status !== 409 && a.status !== 425, untilMs: 10_000 }),
  manage("admin.invocations.delete.legacy", "DELETE", (v) => `/invocations/${v.toPause}?mode=kill`),
  manage("admin.invocations.cancel.malformed", "PATCH", "/invocations/inv_1bogus/cancel"),
  manage("admin.invocations.cancel.unknown", "PATCH", "/invocations/inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw/cancel",
    { exactIds: true }),
  manage("admin.invocations.kill.unknown", "PATCH", "/invocations/inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw/kill",
    { exactIds: true }),
  manage("admin.invocations.restart-as-new", "PATCH", (v) => `/invocations/${v.sent}/restart-as-new`),
  manage("admin.invocations.purge-journal", "PATCH", (v) => `/invocations/${v.sent}/purge-journal`),
  manage("admin.invocations.bad-verb", "PATCH", (v) => `/invocations/${v.toKill}/explode`),
  {
    id: "admin.query.json", api: "admin", method: "POST", path: "/query",
    headers: { accept: "application/json" }, json: { query: "SELECT 1 AS one" },
  },
];

const teardown = [
  manage("admin.deployments.delete", "DELETE", (v) => `/deployments/${v.dp}?force=true`),
  { id: "admin.deployments.after-delete", api: "admin", path: "/deployments" },
  { id: "admin.services.after-delete", api: "admin", path: "/services" },
  { id: "ingress.call.after-delete", api: "ingress", method: "POST", path: "/Greeter/greet", json: "gone" },
];

/** Every step, in order. */
export const checks = [...admin, ...ingress, ...idempotency, ...slow, ...workflow, ...awakeables, ...invocations,
  ...teardown];

/** Differences accepted for now, by check id (also listed in docs/user-guide.md, "Known differences"). */
export const known = {
  "admin.version":
    "ingress_endpoint: the reference advertises the node's first non-loopback address",
  "admin.openapi":
    "jrestate lists only the routes it serves (no query, subscriptions, kafka, limits, vqueues, state)",
  "admin.deployments.register.unreachable":
    "the connection error's wording comes from each server's HTTP client",
  "admin.deployments.register.bad-json":
    "the JSON parser's wording differs (status and content type match)",
  "admin.deployments.register.wrong-type":
    "jrestate names the field and the expected type",
  "admin.services.patch.bad-duration":
    "the duration parser's wording differs (status and content type match)",
  "admin.services.state":
    "POST /services/{name}/state is not implemented",
  "ingress.state.read":
    "follows from admin.services.state",
  "ingress.send.delay-bad":
    "the duration parser's wording after the reference prefix differs",
  "ingress.lookup.bad-body":
    "jrestate answers a malformed body 400 (the reference 500)",
  "admin.deployments.patch":
    "PATCH /deployments/{id} (update a deployment's uri or headers) is not implemented",
  "admin.invocations.restart-as-new":
    "PATCH /invocations/{id}/restart-as-new is not implemented",
  "admin.invocations.purge-journal":
    "PATCH /invocations/{id}/purge-journal is not implemented",
  "admin.query.json":
    "POST /query (SQL) is not implemented",
};
