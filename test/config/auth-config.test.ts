// The auth section of the config (src/config/schema.ts, load-config.ts): its defaults, the
// shipped config.yaml agreeing with them, env (TRACELITE_AUTH, TRACELITE_JWT_SECRET) and CLI
// overrides in that order, and strict validation naming the bad key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function configFile(yaml: string): string {
  const file = path.join(dir, `c${fs.readdirSync(dir).length}.yaml`);
  fs.writeFileSync(file, yaml);
  return file;
}

describe('auth config', () => {
  it('defaults: no auth, no override, no JWT keys, the spec rate limits, 2 s key cache', () => {
    expect(loadConfig({}, {}).auth).toEqual({
      mode: 'none',
      insecure_no_auth: false,
      jwt: { secret: null, public_key_file: null, jwks_file: null, issuer: null, audience: null },
      rate_limits: { admin: 100_000, developer: 10_000, viewer: 1000, billing: 1000 },
      key_cache_seconds: 2,
    });
  });

  it('config.yaml documents exactly the defaults', () => {
    expect(loadConfig({ configFile: path.join(ROOT, 'config.yaml') }, {}).auth).toEqual(loadConfig({}, {}).auth);
  });

  it('reads every key from the file', () => {
    const file = configFile(`auth:
  mode: keys
  insecure_no_auth: true
  jwt: { secret: s3cret, public_key_file: /k.pem, jwks_file: /jwks.json, issuer: https://issuer.example, audience: tracelite }
  rate_limits: { admin: 5, developer: 4, viewer: 3, billing: 2 }
  key_cache_seconds: 0
`);
    expect(loadConfig({ configFile: file }, {}).auth).toEqual({
      mode: 'keys',
      insecure_no_auth: true,
      jwt: { secret: 's3cret', public_key_file: '/k.pem', jwks_file: '/jwks.json', issuer: 'https://issuer.example', audience: 'tracelite' },
      rate_limits: { admin: 5, developer: 4, viewer: 3, billing: 2 },
      key_cache_seconds: 0,
    });
  });

  it('env overrides the file, flags override env; empty env values count as unset', () => {
    const file = configFile('auth:\n  mode: none\n  jwt:\n    secret: from-file\n');
    const env = { TRACELITE_AUTH: 'keys', TRACELITE_JWT_SECRET: 'from-env' };
    expect(loadConfig({ configFile: file }, env).auth).toMatchObject({ mode: 'keys', jwt: { secret: 'from-env' } });
    expect(loadConfig({ configFile: file, auth: 'none', jwtSecret: 'from-flag' }, env).auth).toMatchObject({ mode: 'none', jwt: { secret: 'from-flag' } });
    expect(loadConfig({ configFile: file }, { TRACELITE_AUTH: '', TRACELITE_JWT_SECRET: '' }).auth).toMatchObject({ mode: 'none', jwt: { secret: 'from-file' } });
  });

  it('--insecure-no-auth turns the override on; leaving it out keeps the file value', () => {
    expect(loadConfig({ insecureNoAuth: true }, {}).auth.insecure_no_auth).toBe(true);
    const file = configFile('auth:\n  insecure_no_auth: true\n');
    expect(loadConfig({ configFile: file, insecureNoAuth: undefined }, {}).auth.insecure_no_auth).toBe(true);
  });

  it('rejects an unknown mode, a typo and a non-positive rate limit, naming the key', () => {
    expect(() => loadConfig({}, { TRACELITE_AUTH: 'maybe' })).toThrow(/auth\.mode/);
    expect(() => loadConfig({ configFile: configFile('auth:\n  jwt:\n    secrt: x\n') }, {})).toThrow(/auth\.jwt.*secrt/s);
    expect(() => loadConfig({ configFile: configFile('auth:\n  rate_limits:\n    viewer: 0\n') }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ configFile: configFile('auth:\n  rate_limits:\n    viewer: 1.5\n') }, {})).toThrow(/auth\.rate_limits\.viewer/);
  });
});
