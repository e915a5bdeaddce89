import fs from 'node:fs';
import { it } from 'vitest';
import { normalizeSpan } from '../../src/genai/normalize-span.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
it('dbg', () => {
  const req = decodeTraceRequestJson(fs.readFileSync('test/fixtures/captures/vercel-ai-openai/traces.json', 'utf8'));
  const rs = req.resourceSpans[0]!; const ss = rs.scopeSpans[0]!; const span = ss.spans[0]!;
  const n: any = normalizeSpan(span, rs.resource, ss.scope);
  console.log(JSON.stringify({ fr: n.finishReasons, raw: n.finishReasonsRaw, keys: Object.keys(n) }));
});
