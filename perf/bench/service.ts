// The benchmark's SDK service (TypeScript SDK 1.17.2, run by Node 22 with type stripping):
//   Greeter/greet        stateless: returns a greeting for the JSON string it is given.
//   Counter/{key}/add    virtual object, exclusive: adds the JSON number to the key's "count" state and returns
//                        the new total (one state read and one state write per call).
// Usage: node --experimental-strip-types service.ts PORT
import * as restate from "@restatedev/restate-sdk";

const greeter = restate.service({
  name: "Greeter",
  handlers: {
    greet: async (_ctx: restate.Context, name: string): Promise<string> => `Hello, ${name}!`,
  },
});

const counter = restate.object({
  name: "Counter",
  handlers: {
    add: async (ctx: restate.ObjectContext, delta: number): Promise<number> => {
      const total = ((await ctx.get<number>("count")) ?? 0) + delta;
      ctx.set("count", total);
      return total;
    },
  },
});

const port = Number(process.argv[2] ?? "9080");
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`service.ts: bad port '${process.argv[2]}'; usage: service.ts PORT`);
  process.exit(2);
}
restate.endpoint().bind(greeter).bind(counter).listen(port);
