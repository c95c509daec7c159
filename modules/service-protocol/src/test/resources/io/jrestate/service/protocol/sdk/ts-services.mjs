// Test services written with the real TypeScript SDK (@restatedev/restate-sdk 1.17.2), served on two listeners:
// HTTP/2 cleartext (bidi streaming) and HTTP/1.1 (request/response). Prints {"h2":port,"h1":port} once listening
// and exits when its standard input closes, so the Java test that started it never leaves it behind.
import * as restate from "@restatedev/restate-sdk";
import * as http from "node:http";
import * as http2 from "node:http2";

const counter = restate.object({
  name: "TsCounter",
  handlers: {
    add: async (ctx, value) => {
      const next = ((await ctx.get("count")) ?? 0) + value;
      ctx.set("count", next);
      return next;
    },
    get: restate.handlers.object.shared(async (ctx) => (await ctx.get("count")) ?? 0),
  },
});

const greeter = restate.service({
  name: "TsGreeter",
  handlers: {
    greet: async (ctx, name) => `Hello ${name}`,
    sleepy: async (ctx, name) => {
      await ctx.sleep(5);
      return `Rested ${name}`;
    },
    runner: async (ctx, name) => {
      const r = await ctx.run("step1", () => "42");
      return `${r} ${name}`;
    },
    caller: async (ctx, key) => ctx.objectClient({ name: "TsCounter" }, key).add(5),
    waiter: async (ctx, name) => {
      await ctx.sleep(60_000);
      return `Woke ${name}`;
    },
    boom: async () => {
      throw new Error("boom");
    },
    later: async () => {
      throw new restate.RetryableError("later", { retryAfter: 1500 });
    },
    terminal: async () => {
      throw new restate.TerminalError("nope", { errorCode: 409, metadata: { k: "v" } });
    },
  },
});

const handler = restate.createEndpointHandler({ services: [greeter, counter] });
const h2 = http2.createServer(handler);
const h1 = http.createServer(handler);
await new Promise((resolve) => h2.listen(0, "127.0.0.1", resolve));
await new Promise((resolve) => h1.listen(0, "127.0.0.1", resolve));
process.stdout.write(JSON.stringify({ h2: h2.address().port, h1: h1.address().port }) + "\n");
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
