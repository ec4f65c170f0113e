export {};

/**
 * Load generator, run as its own process so it does not share the server's event loop:
 *   bun bench/load.ts <url> <requests> <concurrency> <json-body-file|-> [credential]
 * POSTs the body (GETs with `-`) `requests` times with `concurrency` requests in flight, with
 * `Authorization: Bearer <credential>` when given, and prints {ok, failed, seconds, rps}.
 */
const [url, requestsArg, concurrencyArg, bodyFile, credential] = Bun.argv.slice(2);
if (url === undefined || bodyFile === undefined) throw new Error("usage: bun bench/load.ts <url> <requests> <concurrency> <body-file>");
const total = Number(requestsArg ?? 2000);
const concurrency = Number(concurrencyArg ?? 16);
const body = bodyFile === "-" ? undefined : await Bun.file(bodyFile).text();
const headers: Record<string, string> = { "content-type": "application/json", ...(credential !== undefined ? { authorization: `Bearer ${credential}` } : {}) };

let sent = 0;
let ok = 0;
let failed = 0;
async function worker(): Promise<void> {
  while (sent < total) {
    sent += 1;
    const response = await fetch(url as string, body === undefined ? { headers } : { method: "POST", body, headers });
    await response.arrayBuffer();
    if (response.ok) ok += 1;
    else failed += 1;
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ ok, failed, seconds, rps: ok / seconds }));
