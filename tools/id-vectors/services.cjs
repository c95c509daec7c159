// A tiny TypeScript-SDK endpoint used only to record id vectors from the reference server:
// Greeter (service), Counter (virtual object, plus a handler that hands out an awakeable id) and Wf (workflow).
// Usage: NODE_PATH=<node_modules> node services.cjs <port>
const restate = require('@restatedev/restate-sdk');

const greeter = restate.service({
  name: 'Greeter',
  handlers: {
    greet: async (ctx, name) => `Hello ${name}`,
  },
});

const counter = restate.object({
  name: 'Counter',
  handlers: {
    add: async (ctx, delta) => {
      const next = ((await ctx.get('count')) ?? 0) + (delta ?? 1);
      ctx.set('count', next);
      return next;
    },
    // Creates an awakeable and returns its id without waiting for it, so the invocation ends at once.
    awakeable: async (ctx) => {
      const awakeable = ctx.awakeable();
      awakeable.promise.catch(() => {});
      return { awakeableId: awakeable.id, invocationId: ctx.request().id };
    },
  },
});

const wf = restate.workflow({
  name: 'Wf',
  handlers: {
    run: async () => 'done',
  },
});

const port = Number(process.argv[2] ?? 9080);
restate.endpoint().bind(greeter).bind(counter).bind(wf).listen(port);
