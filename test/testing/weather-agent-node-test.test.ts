// tracelite/testing under node:test: runs the docs/ci.md example file the way a project
// without vitest would (`node --import tsx --test`) and checks its exit code and TAP report.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function runNodeTest(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('the weather-agent example passes under node:test', async () => {
  const run = await runNodeTest('test/testing/weather-agent.node-test.mjs');
  expect(run.stdout).toContain('ok 1 - the agent called get_weather once and answered with the tool result');
  expect(run.stdout).toMatch(/^# pass 1$/m);
  expect(run.stdout).toMatch(/^# fail 0$/m);
  expect(run.code, run.stderr).toBe(0);
}, 60_000);
