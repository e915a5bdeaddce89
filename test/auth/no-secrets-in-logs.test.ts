// No secret or token ever reaches the log: the real `tracelite serve --auth keys` at debug
// level, sent good and bad keys, key pairs and tokens over the REST APIs and OTLP/HTTP; then its
// whole output is searched for them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/schema/open-db.js';
import { createApiKey, createProject } from '../../src/store/read/auth-keys.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-logs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('logs', () => {
  it('never contain a secret key, a key pair or a bearer token', async () => {
    const dbPath = path.join(dir, 'logs.db');
    const db = openDatabase(dbPath);
    createProject(db, 'default');
    const key = createApiKey(db, { projectId: 'default', role: 'developer' });
    db.close();
    const env: NodeJS.ProcessEnv = { ...process.env, TRACELITE_CONFIG: '' };
    for (const name of ['TRACELITE_AUTH', 'TRACELITE_HOST', 'TRACELITE_JWT_SECRET']) delete env[name];
    const child = spawn(process.execPath, [...CLI_ENTRY, 'serve', '--auth', 'keys', '--log-level', 'debug', '--db', dbPath,
      '--grpc-port', '0', '--http-port', '0', '--api-port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const apiUrl = await new Promise<string>((resolve) => child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      const match = /API\s+(http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    }));
    const otlpUrl = /OTLP\/HTTP\s+(http:\/\/[^/\s]+)/.exec(output)![1]!;
    const fakeSecret = 'sk-tl-NOTAREALSECRETmarker0123456789abcdef';
    const fakeJwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYXJrZXIifQ.c2lnbmF0dXJlbWFya2Vy';
    const attempts = [`Bearer ${key.secretKey}`, 'Basic ' + Buffer.from(`${key.publicKey}:${key.secretKey}`).toString('base64'),
      `Bearer ${fakeSecret}`, `Bearer ${fakeJwt}`, 'Basic ' + Buffer.from(`${key.publicKey}:${fakeSecret}`).toString('base64'), 'Basic %%%'];
    for (const authorization of attempts) {
      for (const url of [`${apiUrl}/api/v1/project/default/otel/traces`, `${apiUrl}/api/public/traces`, `${apiUrl}/api/v1/traces`]) {
        await (await fetch(url, { headers: { authorization } })).text();
      }
      await (await fetch(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' })).text();
    }
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(output).toContain('API');
    for (const secret of [key.secretKey, fakeSecret, fakeJwt, Buffer.from(`${key.publicKey}:${key.secretKey}`).toString('base64')]) {
      expect(output).not.toContain(secret);
    }
  });
});
