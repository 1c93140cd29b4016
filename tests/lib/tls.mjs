// A self-signed certificate for news.example.org and 127.0.0.1, made
// with openssl, for the TLS, reload and nginx tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function selfSigned(where, name = 'cert') {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=news.example.org', '-addext', 'subjectAltName=DNS:news.example.org,IP:127.0.0.1',
    '-keyout', path.join(where, `${name}.key`), '-out', path.join(where, `${name}.pem`)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { cert: path.join(where, `${name}.pem`), key: path.join(where, `${name}.key`) };
}
