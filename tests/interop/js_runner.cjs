// Runs the REAL JavaScript SSE clients on byte streams, for tests/interop/test_js_dialects.py.
//
// Usage: node js_runner.cjs <node_modules root>   (reads JSON on stdin, writes JSON on stdout)
//   stdin:  {"cases": [{"chunks": ["<base64>", ...], "content_type": "text/event-stream"}, ...],
//            "clients": ["agui", "eventsource"]}   (optional: which clients to run)
//   stdout: {"versions": {...}, "results": [{"agui": R, "eventsource": R}, ...]}
//   R = {"events": [...], "error": "<message>" | null}
//     agui events:        the parsed JSON frames HttpAgent.run() emits (transformHttpEventStream)
//     eventsource events: {"type", "data", "lastEventId"} for every MessageEvent dispatched
//     aisdk events:       the UIMessageChunk objects ai's DefaultChatTransport (useChat) yields (only when asked)
// Nothing here touches the network: fetch is replaced by a function that returns the chunks.
"use strict";
const path = require("path");
const { createRequire } = require("module");

const root = process.argv[2];
const req = createRequire(path.join(root, "package.json"));

function body(chunks) {
  const parts = chunks.map((c) => new Uint8Array(Buffer.from(c, "base64")));
  return new ReadableStream({
    start(controller) {
      for (const p of parts) controller.enqueue(p);
      controller.close();
    },
  });
}

function version(name) {
  try {
    return req(`${name}/package.json`).version;
  } catch (e) {
    return null;
  }
}

async function runAgui(agui, c) {
  const agent = new agui.HttpAgent({
    url: "http://127.0.0.1:9/agent",
    fetch: async () => new Response(body(c.chunks), { status: 200, headers: { "content-type": c.content_type } }),
  });
  const input = { threadId: "t", runId: "r", messages: [], tools: [], context: [], state: {}, forwardedProps: {} };
  const events = [];
  return await new Promise((resolve) => {
    agent.run(input).subscribe({
      next: (ev) => events.push(ev),
      error: (err) => resolve({ events, error: `${err && err.name}: ${err && err.message}` }),
      complete: () => resolve({ events, error: null }),
    });
  });
}

async function runAiSdk(ai, c) {
  const transport = new ai.DefaultChatTransport({
    api: "http://127.0.0.1:9/api/chat",
    fetch: async () => new Response(body(c.chunks), { status: 200, headers: { "content-type": c.content_type } }),
  });
  const stream = await transport.sendMessages({ chatId: "c", messages: [], trigger: "submit-message" });
  const reader = stream.getReader();
  const events = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { events, error: null };
      events.push(value);
    }
  } catch (err) {
    return { events, error: `${err && err.name}: ${err && err.message}` };
  }
}

async function runEventSource(EventSource, c) {
  const events = [];
  return await new Promise((resolve) => {
    let done = false;
    const es = new EventSource("http://127.0.0.1:9/stream", {
      fetch: async () => new Response(body(c.chunks), { status: 200, headers: { "content-type": c.content_type } }),
    });
    const dispatch = es.dispatchEvent.bind(es);
    es.dispatchEvent = (ev) => {
      if (ev instanceof MessageEvent) {
        if (!done) events.push({ type: ev.type, data: ev.data, lastEventId: ev.lastEventId });
      } else if (ev.type === "error" && !done) {
        // end of body (the client schedules a reconnect) or a failed connection: stop here
        done = true;
        es.close();
        resolve({ events, error: ev.message && !/reconnect/i.test(ev.message) ? ev.message : null });
        return true;
      }
      return dispatch(ev);
    };
    setTimeout(() => {
      if (!done) {
        done = true;
        es.close();
        resolve({ events, error: "timeout" });
      }
    }, 5000);
  });
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const { cases, clients = ["agui", "eventsource"] } = JSON.parse(input);
  process.env.SUPPRESS_TRANSFORMATION_WARNINGS = "true";
  const versions = { node: process.version, agui: version("@ag-ui/client") };
  let agui = null;
  try {
    agui = req("@ag-ui/client");
  } catch (e) {
    agui = null;
  }
  // prefer an `eventsource5` alias (npm install eventsource5@npm:eventsource@5) over whatever `eventsource` is
  let EventSource = null;
  for (const name of ["eventsource5", "eventsource"]) {
    try {
      EventSource = (await import(req.resolve(name))).EventSource;
      versions.eventsource = version(name);
      break;
    } catch (e) {
      /* try the next */
    }
  }
  let ai = null;
  if (clients.includes("aisdk")) {
    try {
      ai = req("ai");
      versions.ai = version("ai");
    } catch (e) {
      ai = null;
    }
  }
  const results = [];
  for (const c of cases) {
    const r = {};
    r.agui = agui && clients.includes("agui") ? await runAgui(agui, c) : null;
    r.eventsource = EventSource && clients.includes("eventsource") ? await runEventSource(EventSource, c) : null;
    if (clients.includes("aisdk")) r.aisdk = ai ? await runAiSdk(ai, c) : null;
    results.push(r);
  }
  // exit at once: pending reconnect/time-out timers must not keep node alive
  process.stdout.write(JSON.stringify({ versions, results }), () => process.exit(0));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
