// The compatibility check's SDK services (TypeScript SDK 1.17.2, Node 22). One process per server under test, so
// the in-memory awakeable ids below never mix between the two servers.
//   Greeter (service)      greet, fail (terminal 409), slow (sleeps N ms), awaitAwakeable/awakeableId
//   Counter (object)       add (exclusive), get (shared)
//   Wf (workflow)          run (waits for the promise "approval"), approve, peek
//   Hidden (service)       ping; not reachable from the ingress (ingressPrivate)
// Usage: node services.mjs PORT
import * as restate from "@restatedev/restate-sdk";

const awakeables = new Map();

const greeter = restate.service({
  name: "Greeter",
  handlers: {
    greet: async (_ctx, name) => `Hello, ${name}!`,
    fail: async (_ctx, message) => {
      throw new restate.TerminalError(message, { errorCode: 409 });
    },
    slow: async (ctx, ms) => {
      await ctx.sleep(ms);
      return `slept ${ms}`;
    },
    awaitAwakeable: async (ctx, label) => {
      const { id, promise } = ctx.awakeable();
      awakeables.set(label, id);
      return `got ${await promise}`;
    },
    awakeableId: async (_ctx, label) => awakeables.get(label) ?? "",
  },
});

const counter = restate.object({
  name: "Counter",
  handlers: {
    add: async (ctx, delta) => {
      const total = ((await ctx.get("count")) ?? 0) + delta;
      ctx.set("count", total);
      return total;
    },
    get: restate.handlers.object.shared(async (ctx) => (await ctx.get("count")) ?? 0),
  },
});

const wf = restate.workflow({
  name: "Wf",
  handlers: {
    run: async (ctx, input) => `run ${input} got ${await ctx.promise("approval").get()}`,
    approve: async (ctx, value) => {
      await ctx.promise("approval").resolve(value);
      return "ok";
    },
    peek: async (ctx) => (await ctx.promise("approval").peek()) ?? "none",
  },
});

const hidden = restate.service({
  name: "Hidden",
  handlers: { ping: async () => "pong" },
  options: { ingressPrivate: true },
});

const port = Number(process.argv[2] ?? "9080");
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`services.mjs: bad port '${process.argv[2]}'; usage: services.mjs PORT`);
  process.exit(2);
}
restate.endpoint().bind(greeter).bind(counter).bind(wf).bind(hidden).listen(port);
