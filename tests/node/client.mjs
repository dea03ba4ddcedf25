// Drives the real CustomerioTrack MCP server with the official TypeScript MCP client and prints one JSON summary on stdout.
//   node client.mjs stdio <path to CustomerioTrack.Mcp.dll>     (env CUSTOMERIO_* is passed to the server)
//   node client.mjs http <http://127.0.0.1:PORT/mcp> <token>
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { calls } from "./calls.mjs";

const [mode, target, token] = process.argv.slice(2);
if (!mode || !target) {
  console.error("usage: node client.mjs stdio <dll> | http <url> <token>");
  process.exit(2);
}

const summary = { transport: mode, tools: [], calls: [] };

let transport;
if (mode === "stdio") {
  const env = { ...getDefaultEnvironment() };
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("CUSTOMERIO_") || k.startsWith("DOTNET_")) env[k] = v;
  }
  transport = new StdioClientTransport({ command: "dotnet", args: [target], env, stderr: "pipe" });
  let stderrText = "";
  transport.stderr?.on("data", (d) => { stderrText += d.toString(); });
  summary.stderrTail = () => stderrText.slice(-2000);
} else {
  // Rejections first, with plain fetch: no token, then a foreign Origin (with the token).
  const init = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "probe", version: "0" } } };
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  const noToken = await fetch(target, { method: "POST", headers, body: JSON.stringify(init) });
  summary.unauthorized = { status: noToken.status, wwwAuthenticate: noToken.headers.get("www-authenticate") };
  const wrongToken = await fetch(target, { method: "POST", headers: { ...headers, authorization: "Bearer not-the-token" }, body: JSON.stringify(init) });
  summary.wrongToken = { status: wrongToken.status };
  const foreign = await fetch(target, { method: "POST", headers: { ...headers, authorization: `Bearer ${token}`, origin: "https://evil.example" }, body: JSON.stringify(init) });
  summary.foreignOrigin = { status: foreign.status };
  transport = new StreamableHTTPClientTransport(new URL(target), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
}

const client = new Client({ name: "customeriotrack-node-tests", version: "1.0.0" });
try {
  await client.connect(transport);
  summary.server = client.getServerVersion();
  const { tools } = await client.listTools();
  summary.tools = tools.map((t) => ({
    name: t.name,
    title: t.title,
    parameters: Object.fromEntries(Object.entries(t.inputSchema.properties ?? {}).map(([k, v]) => [k, v.type ?? null])),
    required: t.inputSchema.required ?? [],
    annotations: t.annotations,
  }));
  for (const call of calls) {
    const result = await client.callTool({ name: call.name, arguments: call.args });
    const text = result.content?.[0]?.text ?? "";
    let parsed = null;
    try { parsed = JSON.parse(text); } catch { /* reported below */ }
    summary.calls.push({
      name: call.name,
      expectedRequest: call.request,
      isError: result.isError === true,
      statusCode: parsed?.status_code ?? null,
      structured: result.structuredContent != null,
      text: text.slice(0, 500),
    });
  }
} catch (error) {
  summary.error = String(error?.stack ?? error);
} finally {
  await client.close().catch(() => {});
}

const tail = typeof summary.stderrTail === "function" ? summary.stderrTail() : undefined;
delete summary.stderrTail;
if (summary.error && tail) summary.serverStderr = tail;
process.stdout.write(JSON.stringify(summary) + "\n");
process.exit(summary.error ? 1 : 0);
