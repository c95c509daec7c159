// End-to-end test services for the worker, written with the real TypeScript SDK (@restatedev/restate-sdk 1.17.2).
// The same handlers are served twice: as Ts* over HTTP/2 cleartext (bidi streaming) and as Rr* over HTTP/1.1
// (request/response mode). Prints {"h2":port,"h1":port} once listening; exits when standard input closes.
import * as restate from "@restatedev/restate-sdk";
import * as http from "node:http";
import * as http2 from "node:http2";

const effects = new Map();
const flakyAttempts = new Map();
const limitedAttempts = new Map();
const callees = new Map();
const awakeables = new Map();

function services(prefix) {
  const counter = restate.object({
    name: `${prefix}Counter`,
    handlers: {
      add: async (ctx, value) => {
        const next = ((await ctx.get("count")) ?? 0) + value;
        ctx.set("count", next);
        return next;
      },
      get: restate.handlers.object.shared(async (ctx) => (await ctx.get("count")) ?? 0),
      reset: async (ctx) => {
        const keys = (await ctx.stateKeys()).length;
        ctx.clearAll();
        return keys;
      },
    },
  });
  const lazy = restate.object({
    name: `${prefix}LazyCounter`,
    handlers: {
      add: async (ctx, value) => {
        const next = ((await ctx.get("count")) ?? 0) + value;
        ctx.set("count", next);
        ctx.set("touched", true);
        return `${next} keys=${(await ctx.stateKeys()).sort().join(",")}`;
      },
    },
    options: { enableLazyState: true },
  });
  const greeter = restate.service({
    name: `${prefix}Greeter`,
    handlers: {
      greet: async (ctx, name) => `Hello ${name}`,
      runThenSleep: async (ctx, label) => {
        const r = await ctx.run("effect", () => {
          effects.set(label, (effects.get(label) ?? 0) + 1);
          return `ran ${label}`;
        });
        await ctx.sleep(200);
        return r;
      },
      effects: async (ctx, label) => effects.get(label) ?? 0,
      flaky: async (ctx, name) => {
        const attempt = (flakyAttempts.get(name) ?? 0) + 1;
        flakyAttempts.set(name, attempt);
        if (attempt < 3) {
          throw new Error(`not yet, attempt ${attempt}`);
        }
        return `ok after ${attempt}`;
      },
      limited: restate.handlers.handler(
        { retryPolicy: { maxAttempts: 2, onMaxAttempts: "kill", initialInterval: 50 } },
        async (ctx, name) => {
          limitedAttempts.set(name, (limitedAttempts.get(name) ?? 0) + 1);
          throw new Error(`always failing, attempt ${limitedAttempts.get(name)}`);
        },
      ),
      limitedAttempts: async (ctx, name) => limitedAttempts.get(name) ?? 0,
      fail: async (ctx, message) => {
        throw new restate.TerminalError(message, { errorCode: 409 });
      },
      callCounter: async (ctx, key) => {
        ctx.objectSendClient({ name: `${prefix}Counter` }, `${key}-oneway`).add(1);
        return ctx.objectClient({ name: `${prefix}Counter` }, key).add(5);
      },
    },
  });
  const workflow = restate.workflow({
    name: `${prefix}Workflow`,
    handlers: {
      run: async (ctx, input) => {
        ctx.set("stage", "waiting");
        const approval = await ctx.promise("approval").get();
        ctx.set("stage", "approved");
        return `run ${input} got ${approval}`;
      },
      approve: async (ctx, value) => {
        await ctx.promise("approval").resolve(value);
        return "ok";
      },
      reject: async (ctx, reason) => {
        await ctx.promise("approval").reject(reason);
        return "rejected";
      },
      peek: async (ctx) => (await ctx.promise("approval").peek()) ?? "none",
      stage: async (ctx) => (await ctx.get("stage")) ?? "none",
    },
  });
  const managed = restate.service({
    name: `${prefix}Managed`,
    handlers: {
      sleepy: async (ctx) => {
        await ctx.sleep(600_000);
        return "slept";
      },
      callSleepy: async (ctx, label) => {
        const call = ctx.serviceClient({ name: `${prefix}Managed` }).sleepy(label);
        callees.set(`${prefix}/${label}`, await call.invocationId);
        return await call;
      },
      callee: async (ctx, label) => callees.get(`${prefix}/${label}`) ?? "",
      awaitAwakeable: async (ctx, label) => {
        const { id, promise } = ctx.awakeable();
        awakeables.set(`${prefix}/${label}`, id);
        return `got ${await promise}`;
      },
      awakeableId: async (ctx, label) => awakeables.get(`${prefix}/${label}`) ?? "",
      attachTo: async (ctx, id) => {
        try {
          return { ok: await ctx.invocation(id).attach() };
        } catch (e) {
          return { err: e.message, code: e.code };
        }
      },
    },
  });
  return [counter, lazy, greeter, workflow, managed];
}

const h2Handler = restate.createEndpointHandler({ services: services("Ts") });
const h1Handler = restate.createEndpointHandler({ services: services("Rr") });
const h2 = http2.createServer(h2Handler);
const h1 = http.createServer(h1Handler);
await new Promise((resolve) => h2.listen(0, "127.0.0.1", resolve));
await new Promise((resolve) => h1.listen(0, "127.0.0.1", resolve));
process.stdout.write(JSON.stringify({ h2: h2.address().port, h1: h1.address().port }) + "\n");
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
