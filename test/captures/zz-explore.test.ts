import fs from 'node:fs';
import { it } from 'vitest';
import { startTestServer } from '../helpers/test-server.js';
import { replayCapture } from './replay-capture.js';
it('explore', async () => {
  const server = await startTestServer();
  for (const c of ['vercel-ai-openai', 'openai-otel-contrib', 'openai-openinference', 'openai-traceloop']) {
    await replayCapture(server.otlpHttpUrl, c, c, 'json');
    const get = async (p: string) => (await fetch(server.apiUrl + p)).json();
    const list: any = await get(`/api/v1/project/${c}/otel/traces`);
    const out: any = { list };
    for (const t of list.data) {
      out[t.trace_id] = { detail: await get(`/api/v1/project/${c}/otel/traces/${t.trace_id}`), messages: await get(`/api/v1/project/${c}/otel/traces/${t.trace_id}/messages`),
        obs: await (await fetch(`${server.apiUrl}/api/public/observations?traceId=${t.trace_id}`, { headers: { 'x-project-id': c } })).json() };
    }
    fs.writeFileSync(`/tmp/explore/${c}.json`, JSON.stringify(out, null, 2));
  }
  await server.stop();
});
