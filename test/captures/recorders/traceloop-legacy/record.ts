// RECORD step for the openai-traceloop-legacy capture (run by hand, see README.md): the official
// `openai` client instrumented by @traceloop/instrumentation-openai 0.22.5, whose indexed
// gen_ai.prompt.N.* / gen_ai.completion.N.* attributes newer releases replaced. Its own folder
// because that release patches only openai <6 while the root installs openai 6.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableInstrumentation, recordCase } from '../../record/capture-recorder.js';
import { driveOpenAiClient } from '../../record/drive-openai-client.js';

const CASE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/captures/openai-traceloop-legacy');
const require = createRequire(import.meta.url);

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const recorded = await recordCase(async (baseUrl, recorder) => {
  const { OpenAIInstrumentation } = await import('@traceloop/instrumentation-openai');
  enableInstrumentation(new OpenAIInstrumentation({ traceContent: true, enrichTokens: false }), recorder);
  await driveOpenAiClient(require('openai').OpenAI, baseUrl, recorder.tracerProvider.getTracer('weather-app'));
});
fs.mkdirSync(CASE_DIR, { recursive: true });
writeJson(path.join(CASE_DIR, 'traces.json'), recorded.traces);
if (recorded.logs) writeJson(path.join(CASE_DIR, 'logs.json'), recorded.logs);
writeJson(path.join(CASE_DIR, 'llm-requests.json'), recorded.llmRequests);
console.log(`openai-traceloop-legacy: ${recorded.llmRequests.length} LLM requests recorded into ${CASE_DIR}`);
