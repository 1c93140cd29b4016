// One command line: every command and subcommand answers --help (exit 0,
// its usage on stdout); the README's "Commands" list and nutgraf(1) are
// the binary's own; the global options work anywhere on the line; every
// usage error is one line of one shape, exits 2 and leaves nothing
// behind; a failure exits 1 with the command's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, tempDir } from '../lib/nutgraf.mjs';
import { commandTree, readmeBlock, readmeUsages, subcommands } from '../lib/cli_help.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tree = commandTree(BIN);

// Run in cwd with no NUTGRAF_* from the caller: only the line counts.
function nutgraf(cwd, args, input = '') {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('NUTGRAF_')) delete env[k];
  const r = spawnSync(BIN, args, { cwd, env, input, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A fresh empty working directory.
function emptyDir() {
  const d = path.join(tempDir('nutgraf-cwd-'), 'cwd');
  mkdirSync(d);
  return d;
}

// "nutgraf: WORDS: what (try 'nutgraf WORDS --help')\n", and only that.
function assertUsageError(r, words, what, label) {
  assert.equal(r.status, 2, `${label}: ${r.stderr}`);
  assert.equal(r.stdout, '', label);
  const name = words.join(' ');
  const prefix = name ? `nutgraf: ${name}: ` : 'nutgraf: ';
  const hint = ` (try 'nutgraf ${name ? `${name} ` : ''}--help')\n`;
  assert.ok(r.stderr.startsWith(prefix), `${label}: ${r.stderr}`);
  assert.ok(r.stderr.endsWith(hint), `${label}: ${r.stderr}`);
  assert.equal(r.stderr.split('\n').length, 2, `${label}: one line: ${r.stderr}`);
  if (what) assert.match(r.stderr, what, label);
}

test('the tree: every command, with the subcommands the issue names', () => {
  const names = tree.filter((c) => c.subs.length === 0).map((c) => c.words.join(' '));
  for (const n of ['serve', 'init', 'version', 'user add', 'user list', 'article list', 'article add',
    'page add', 'settings', 'comments list', 'comments approve', 'slider add', 'ad slot-add',
    'import wordpress', 'backup', 'restore', 'check']) {
    assert.ok(names.includes(n), `${n} is not in --help: ${names.join(', ')}`);
  }
});

test('--help on every command and subcommand: exit 0, its usage line on stdout', () => {
  for (const c of tree) {
    const name = ['nutgraf', ...c.words].join(' ');
    assert.equal(c.help.status, 0, `${name} --help: ${c.help.stderr}`);
    assert.equal(c.help.stderr, '', name);
    assert.ok(c.help.stdout.startsWith(`usage: ${name}`), `${name}: ${c.help.stdout}`);
    assert.match(c.help.stdout, /global options/, name);
    assert.match(c.help.stdout, /--data DIR/, name);
    // A command with subcommands lists them; a leaf shows its options.
    if (c.subs.length > 0) assert.match(c.help.stdout, new RegExp(`Run 'nutgraf ${c.words.join(' ')}${c.words.length ? ' ' : ''}COMMAND --help'`), name);
    // -h, "help WORDS" and --help before the words say the same.
    assert.equal(nutgraf(root, [...c.words, '-h']).stdout, c.help.stdout, `${name} -h`);
    assert.equal(nutgraf(root, ['--help', ...c.words]).stdout, c.help.stdout, `--help ${name}`);
  }
  assert.equal(nutgraf(root, ['help', 'article', 'list']).stdout,
    tree.find((c) => c.words.join(' ') === 'article list').help.stdout);
  // Each option a leaf's help documents is in its usage line, and back.
  for (const c of tree.filter((t) => t.subs.length === 0 && t.words.length > 0)) {
    const opts = c.help.stdout.split('\noptions:\n')[1]?.split('\n\n')[0] ?? '';
    const listed = [...opts.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]).sort();
    const inUsage = [...c.usage.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]).sort();
    assert.deepEqual(listed, inUsage, c.words.join(' '));
  }
});

test('the README\'s "Commands" section is the --help of the binary, both ways', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const documented = readmeUsages(readme);
  assert.ok(documented, 'README.md has no "## Commands" section');
  const actual = tree.filter((c) => c.words.length > 0 && c.subs.length === 0).map((c) => c.usage);
  const expected = `expected block (scripts/readme-commands):\n${readmeBlock(tree)}`;
  for (const u of actual) assert.ok(documented.includes(u), `README lacks "${u}"\n${expected}`);
  for (const u of documented) assert.ok(actual.includes(u), `README has "${u}", --help does not\n${expected}`);
});

test('nutgraf(1) names every command and exactly its subcommands', () => {
  const man = readFileSync(path.join(root, 'doc', 'nutgraf.1'), 'utf8');
  for (const c of tree.filter((t) => t.words.length === 1)) {
    const m = new RegExp(`^\\.It Cm ${c.words[0]}\\b(.*)$`, 'm').exec(man);
    assert.ok(m, `nutgraf(1) lacks ${c.words[0]}`);
    if (c.subs.length === 0) continue;
    const listed = m[1].replace(/^\s*Cm\s+/, '').split(/\s+(?:Ar|Oo|Op)\s+/)[0].split('|').map((s) => s.trim()).filter(Boolean);
    assert.deepEqual(listed.sort(), [...c.subs].sort(), `nutgraf(1): ${c.words[0]}`);
  }
  assert.deepEqual(subcommands(tree[0].help.stdout), tree.filter((t) => t.words.length === 1).map((t) => t.words[0]));
});

test('global options anywhere: before, between and after the words; --opt=value', () => {
  const cwd = emptyDir();
  const data = path.join(path.dirname(cwd), 'D');
  // A read command does not make a site; init does.
  assert.equal(nutgraf(cwd, ['init', '--data', data]).status, 0);
  for (const args of [
    ['comments', 'list', '--data', data],
    ['comments', '--data', data, 'list'],
    ['--data', data, 'comments', 'list'],
    ['--data=' + data, 'comments', 'list', '--status=pending', '--limit=5'],
    ['comments', 'list', '--limit', '5', '--data', data, '--status', 'all'],
  ]) {
    const r = nutgraf(cwd, args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /^# 0 of 0\n$/, args.join(' '));
  }
  // The data went where --data said, and nothing into the working directory.
  assert.ok(existsSync(path.join(data, 'nutgraf.db')));
  assert.deepEqual(readdirSync(cwd), []);
  // The same for the other commands that used to parse for themselves.
  for (const args of [['article', 'list'], ['user', 'list'], ['page', 'list'], ['slider', 'list'],
    ['ad', 'slots'], ['settings'], ['comments', 'counts'], ['check']]) {
    for (const line of [[...args, '--data', data], ['--data', data, ...args]]) {
      const r = nutgraf(cwd, line);
      assert.equal(r.status, 0, `${line.join(' ')}: ${r.stdout}${r.stderr}`);
    }
  }
  assert.deepEqual(readdirSync(cwd), []);
  // --config works anywhere too: it names the data directory here.
  const cfg = path.join(path.dirname(cwd), 'n.ini');
  writeFileSync(cfg, `data = ${data}\n`);
  const r = nutgraf(cwd, ['user', '--config', cfg, 'list']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(cwd), []);
  rmSync(path.dirname(cwd), { recursive: true, force: true });
});

test('-- ends the options: a name that starts with a dash', () => {
  const dir = tempDir('nutgraf-dd-');
  const data = path.join(dir, 'D');
  let r = nutgraf(dir, ['slider', 'add', '--data', data, '--', '--not-an-option']);
  assert.equal(r.status, 0, r.stderr);
  r = nutgraf(dir, ['slider', 'list', '--data', data]);
  assert.match(r.stdout, /\t--not-an-option\n/);
  rmSync(dir, { recursive: true, force: true });
});

test('usage errors: one line, one shape, exit 2, nothing created', () => {
  const cwd = emptyDir();
  const cases = [
    [[], [], /no command given/],
    [['frobnicate'], [], /unknown command "frobnicate"/],
    [['--bogus'], [], /unknown option "--bogus"/],
    [['article'], ['article'], /which command\? add, list, publish or unpublish/],
    [['article', 'frob'], ['article'], /unknown command "frob"/],
    [['comments', 'list', '--data'], ['comments', 'list'], /--data needs a value/],
    [['comments', 'list', '--bogus', '--data', 'D'], ['comments', 'list'], /unknown option "--bogus"/],
    [['comments', 'list', '--bogus=1'], ['comments', 'list'], /unknown option "--bogus"/],
    [['comments', 'list', '--status', 'weird'], ['comments', 'list'], /unknown status "weird"/],
    [['comments', 'list', '--limit', '0'], ['comments', 'list'], /--limit must be 1 to/],
    [['comments', 'list', 'extra'], ['comments', 'list'], /unexpected argument "extra"/],
    [['comments', 'approve'], ['comments', 'approve'], /ID is missing/],
    [['comments', 'approve', '12', 'x'], ['comments', 'approve'], /"x" is not a comment id/],
    [['comments', 'settings', 'nokey'], ['comments', 'settings'], /expected KEY=VALUE/],
    [['comments', '--status', 'all', 'list'], ['comments'], /unknown option "--status"/],
    [['article', 'list', '-x'], ['article', 'list'], /unknown option "-x"/],
    [['article', 'add', '--title', 'T'], ['article', 'add'], /--body-file is required/],
    [['article', 'add', '--title', 'T', '--body-file', '/nonexistent', '--status', 'maybe'], ['article', 'add'], /--status is draft or published/],
    [['article', 'publish'], ['article', 'publish'], /ID is missing/],
    [['article', 'publish', 'x'], ['article', 'publish'], /not an article ID/],
    [['user', 'add'], ['user', 'add'], /LOGIN is missing/],
    [['user', 'add', 'x'], ['user', 'add'], /--role is required/],
    [['user', 'add', 'x', '--role', 'king'], ['user', 'add'], /--role must be/],
    [['user', 'app-password', 'x'], ['user', 'app-password'], /NAME is missing/],
    [['user', 'list', 'extra'], ['user', 'list'], /unexpected argument "extra"/],
    [['page', 'add', '--title', 'T', '--order', 'x'], ['page', 'add'], /--order is a number/],
    [['settings', 'no-equals-sign'], ['settings'], /expected KEY=VALUE/],
    [['slider', 'slide', 'x', '--image', '/a.png'], ['slider', 'slide'], /not a slider ID/],
    [['ad', 'slot-add', 'n', '--size', 'big'], ['ad', 'slot-add'], /--size is WIDTHxHEIGHT/],
    [['ad', 'list', 'a', 'b'], ['ad', 'list'], /unexpected argument "b"/],
    [['import'], ['import'], /which command\? wordpress/],
    [['import', 'wordpress'], ['import', 'wordpress'], /FILE is missing|FILE\.xml is missing/],
    [['serve', '--demo=yes'], ['serve'], /--demo takes no value/],
    [['serve', '--listen'], ['serve'], /--listen needs a value/],
    [['init'], ['init'], /--data DIR is required/],
    [['init', '--listen', '127.0.0.1:1'], ['init'], /unknown option "--listen"/],
    [['backup'], ['backup'], /DEST is missing/],
    [['restore', 'a', 'b'], ['restore'], /unexpected argument "b"/],
    [['check', 'x'], ['check'], /unexpected argument "x"/],
    [['version', 'x'], ['version'], /unexpected argument "x"/],
  ];
  for (const [args, words, what] of cases) {
    const r = nutgraf(cwd, args, 'a-password-on-stdin\n');
    assertUsageError(r, words, what, `nutgraf ${args.join(' ')}`);
    assert.deepEqual(readdirSync(cwd), [], `nutgraf ${args.join(' ')} left files behind`);
  }
  rmSync(path.dirname(cwd), { recursive: true, force: true });
});

test('a failure: exit 1, "nutgraf: COMMAND: what failed", no hint', () => {
  const dir = tempDir('nutgraf-fail-');
  const data = path.join(dir, 'D');
  assert.equal(nutgraf(dir, ['init', '--data', data]).status, 0);
  let r = nutgraf(dir, ['comments', 'approve', '424242', '--data', data]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('nutgraf:')).join('\n'),
    'nutgraf: comments approve: comment 424242: no such comment');
  r = nutgraf(dir, ['user', 'passwd', 'nobody', '--data', data]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^nutgraf: user passwd: no user "nobody"$/m);
  r = nutgraf(dir, ['article', 'add', '--title', 'T', '--body-file', path.join(dir, 'missing.md'), '--data', data]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^nutgraf: article add: cannot open .*missing\.md: No such file or directory$/m);
  r = nutgraf(dir, ['serve', '--config', path.join(dir, 'missing.ini')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^nutgraf: serve: .*missing\.ini: cannot open/m);
  rmSync(dir, { recursive: true, force: true });
});
