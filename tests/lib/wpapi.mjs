// A small REST API client for the HTTP tests: application passwords
// made with the CLI for each role, JSON calls, WordPress error checks.
import assert from 'node:assert/strict';
import { addUser, cli, ROLES } from './newsroom.mjs';

// An application password for one account of each role (the demo's
// admin, the others added): { role: { login, password } }.
export function appPasswords(s) {
  const pw = {};
  for (const role of ROLES) {
    if (role !== 'administrator') addUser(s, role, role);
    const login = role === 'administrator' ? 'admin' : role;
    const r = cli(s, ['user', 'app-password', login, `tests ${role}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^[A-Za-z0-9]{4}( [A-Za-z0-9]{4}){5}\n$/);
    assert.match(r.stderr, /shown only now/);
    pw[role] = { login, password: r.stdout.trim() };
  }
  return pw;
}

export function basicAuth({ login, password }) {
  return 'Basic ' + Buffer.from(`${login}:${password}`).toString('base64');
}

// fetch(path) with the role's credentials; json is sent as JSON; the
// answer's body parsed when it is JSON.
export function apiCaller(s, pw) {
  return async (path, { role, method = 'GET', json, body, headers = {} } = {}) => {
    const h = { ...headers };
    if (role) h.authorization = basicAuth(pw[role]);
    if (json !== undefined) {
      h['content-type'] = 'application/json';
      body = JSON.stringify(json);
    }
    const res = await fetch(s.url + path, { method, headers: h, body, redirect: 'manual' });
    const text = await res.text();
    let b;
    try { b = JSON.parse(text); } catch { b = text; }
    return { res, body: b };
  };
}

// WordPress's error body: {code, message, data: {status}}.
export function assertError({ res, body }, status, code) {
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(body.code, code, JSON.stringify(body));
  assert.equal(typeof body.message, 'string');
  assert.equal(body.data.status, status);
}
