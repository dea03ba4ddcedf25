// Cost to the model: bytes and tokens of the MCP `tools/list` tools array and of every `get_request_schema` result,
// read from the real server over stdio, next to Arcade's CustomerioTrackApi toolkit.
// Tokenizer: gpt-tokenizer (o200k_base, the GPT-4o/GPT-5 encoding), pinned in package-lock.json.
//
//   node model-cost.mjs --dll ../../src/CustomerioTrack.Mcp/bin/Release/net10.0/CustomerioTrack.Mcp.dll [--out DIR]
//        [--arcade-docs FILE]   Arcade's published toolkit data (ArcadeAI/docs toolkit-docs-generator/data/toolkits/
//                               customeriotrackapi.json), not in this repo: when given, its tools are converted to the MCP
//                               tools shape and measured; without it only the estimate below is printed.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { encode } from 'gpt-tokenizer';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
};
const dll = resolve(arg('--dll', '../../src/CustomerioTrack.Mcp/bin/Release/net10.0/CustomerioTrack.Mcp.dll'));
const outDir = resolve(arg('--out', '../../artifacts/bench'));
const arcadeDocs = arg('--arcade-docs');

const bytes = (s) => Buffer.byteLength(s, 'utf8');
const tokens = (s) => encode(s).length;
const kb = (n) => (n / 1000).toFixed(1);

// --- our server over stdio -------------------------------------------------------------------------------------------
const env = { ...process.env };
for (const k of ['CUSTOMERIO_SITE_ID', 'CUSTOMERIO_API_KEY', 'CUSTOMERIO_REGION', 'CUSTOMERIO_TRACK_URL']) delete env[k];
const server = spawn('dotnet', [dll], { env, stdio: ['pipe', 'pipe', 'ignore'] });
const pending = new Map();
createInterface({ input: server.stdout }).on('line', (line) => {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  if (message.id !== undefined && pending.has(message.id)) {
    pending.get(message.id)(message);
    pending.delete(message.id);
  }
});
let nextId = 1;
const rpc = (method, params) => new Promise((resolveRpc, reject) => {
  const id = nextId++;
  pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${JSON.stringify(m.error)}`)) : resolveRpc(m.result)));
  server.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
});

await rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'model-cost', version: '1.0' } });
server.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
const { tools } = await rpc('tools/list', {});
const toolsJson = JSON.stringify(tools);

const schemas = [];
for (const tool of tools) {
  if (!tool.inputSchema?.properties?.mode) continue;
  const result = await rpc('tools/call', { name: tool.name, arguments: { mode: 'get_request_schema' } });
  const text = result.content.filter((c) => c.type === 'text').map((c) => c.text).join('');
  const schema = JSON.stringify(JSON.parse(text).request_body_schema);
  schemas.push({ name: tool.name, resultBytes: bytes(text), resultTokens: tokens(text), schemaBytes: bytes(schema), schemaTokens: tokens(schema) });
}
server.stdin.end();
server.kill();

const ours = {
  tools: tools.length,
  toolsListBytes: bytes(toolsJson),
  toolsListTokens: tokens(toolsJson),
  schemas,
  largestSchema: schemas.reduce((a, b) => (b.resultBytes > a.resultBytes ? b : a)),
  schemaTokensPerByte: schemas.reduce((s, x) => s + x.resultTokens, 0) / schemas.reduce((s, x) => s + x.resultBytes, 0),
};

// --- Arcade -----------------------------------------------------------------------------------------------------------
// Lower bound, estimated from ../shared/docs/peers.md facts only: the same 17 tool names and parameter names (our tools
// keep Arcade's names), with every description, title, annotation and output schema removed. Arcade's real list carries
// descriptions for every tool and parameter, so its true size is larger than this.
const strip = (node) => {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const copy = {};
    for (const [k, v] of Object.entries(node)) {
      if (['description', 'title', 'annotations', 'outputSchema', '_meta', 'examples', 'default'].includes(k)) continue;
      copy[k] = strip(v);
    }
    return copy;
  }
  return node;
};
const skeleton = JSON.stringify(strip(tools));
// peers.md §1.3: Arcade's get_request_schema returns the schema as a JSON *string* inside the result; sizes as strings.
const arcadeSchemaKnown = [
  { name: 'ManageEntity', bytes: 50_600 },
  { name: 'BatchProcessRequests', bytes: 50_900 },
  { name: 'UpdateOrAddPerson', bytes: 6_000 },
];

let arcadeMeasured = null;
if (arcadeDocs) {
  const data = JSON.parse(readFileSync(arcadeDocs, 'utf8'));
  const converted = data.tools.map((t) => ({
    name: t.name,
    description: t.description,
    inputSchema: {
      type: 'object',
      properties: Object.fromEntries(t.parameters.map((p) => [p.name, {
        type: p.type, description: p.description, ...(p.enum ? { enum: p.enum } : {}),
      }])),
      required: t.parameters.filter((p) => p.required).map((p) => p.name),
    },
  }));
  const json = JSON.stringify(converted);
  arcadeMeasured = { source: `${arcadeDocs} (version ${data.version})`, tools: converted.length, bytes: bytes(json), tokens: tokens(json) };
}

// --- report ------------------------------------------------------------------------------------------------------------
const lines = [];
lines.push('## Cost to the model (gpt-tokenizer 4.0.0, o200k_base)', '');
lines.push('| figure | ours (measured) | Arcade CustomerioTrackApi | target | met? |', '|---|---:|---:|---|---|');
const arcadeList = arcadeMeasured
  ? `${kb(arcadeMeasured.bytes)} KB / ${arcadeMeasured.tokens} tokens (measured from its published tool data, ${arcadeMeasured.tools} tools); lower bound ${kb(bytes(skeleton))} KB / ${tokens(skeleton)} tokens (estimated)`
  : `≥ ${kb(bytes(skeleton))} KB / ≥ ${tokens(skeleton)} tokens (estimated lower bound: names + parameters, no descriptions)`;
const listMet = arcadeMeasured
  ? (ours.toolsListBytes <= arcadeMeasured.bytes ? 'met' : 'NOT met')
  : (ours.toolsListBytes <= bytes(skeleton) ? 'met' : 'undetermined (ours is above the lower bound)');
lines.push(`| tools/list tools array (${ours.tools} tools) | ${kb(ours.toolsListBytes)} KB / ${ours.toolsListTokens} tokens | ${arcadeList} | no larger than Arcade's | ${listMet} |`);
const big = ours.largestSchema;
lines.push(`| largest get_request_schema result | ${big.name}: ${kb(big.resultBytes)} KB / ${big.resultTokens} tokens | BatchProcessRequests ≈ 50.9 KB / ≈ ${Math.round(50_900 * ours.schemaTokensPerByte)} tokens (bytes from peers.md; tokens estimated at our tokens/byte) | ≤ 10 KB | ${big.resultBytes <= 10_000 ? 'met' : 'NOT met'} |`);
lines.push('', '### Every get_request_schema result (ours, measured: the text content the model receives; schema alone in brackets)', '');
lines.push('| tool | result bytes | result tokens | schema bytes | schema tokens | Arcade (peers.md, string size) |', '|---|---:|---:|---:|---:|---:|');
for (const s of schemas) {
  const a = arcadeSchemaKnown.find((x) => x.name === s.name);
  lines.push(`| ${s.name} | ${s.resultBytes} | ${s.resultTokens} | ${s.schemaBytes} | ${s.schemaTokens} | ${a ? `≈ ${kb(a.bytes)} KB` : 'not stated'} |`);
}
const total = schemas.reduce((t, s) => t + s.resultBytes, 0);
const totalTokens = schemas.reduce((t, s) => t + s.resultTokens, 0);
lines.push(`| **all ${schemas.length}** | ${total} | ${totalTokens} | | | |`);
lines.push('', 'Arcade figures: the lower bound is computed here from our own tools/list with every description removed (the names and',
  'parameters are Arcade\'s); schema sizes are the ones stated in shared/docs/peers.md §1.3 (ManageEntity ≈50.6 KB,',
  'BatchProcessRequests ≈50.9 KB, UpdateOrAddPerson ≈6 KB, as strings); their token counts are estimates (bytes × our tokens per byte).');
const report = lines.join('\n') + '\n';
process.stdout.write(report);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'model-cost.md'), report);
writeFileSync(join(outDir, 'model-cost.json'), JSON.stringify({ ours, arcade: { lowerBoundBytes: bytes(skeleton), lowerBoundTokens: tokens(skeleton), schemaKnown: arcadeSchemaKnown, measured: arcadeMeasured } }, null, 2));
writeFileSync(join(outDir, 'tools-list.json'), toolsJson);
process.exit(0);
