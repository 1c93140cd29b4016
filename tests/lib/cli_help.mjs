// The command line as its --help describes it: every command and
// subcommand, found by following the "commands:" lists from `nutgraf
// --help` down, with its usage line.  tests/http/cli_help.test.mjs
// checks the README and nutgraf(1) against it; scripts/readme-commands
// prints the README's "Commands" block from it.
import { spawnSync } from 'node:child_process';

// `nutgraf WORDS --help`: { status, stdout, stderr }.
export function help(bin, words) {
  const r = spawnSync(bin, [...words, '--help'], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The subcommand names a help text lists under "commands:".
export function subcommands(text) {
  const i = text.indexOf('\ncommands:\n');
  if (i < 0) return [];
  const block = text.slice(i + '\ncommands:\n'.length).split('\n\n')[0];
  return [...block.matchAll(/^ {2}([a-z0-9][a-z0-9-]*)/gm)].map((m) => m[1]);
}

// The usage line of a help text, its continuation lines joined, without
// "usage: ": "nutgraf article list [--status S]".
export function usageLine(text) {
  const lines = text.split('\n');
  let u = lines[0];
  for (let k = 1; k < lines.length && /^\s+\S/.test(lines[k]); k++) u += ` ${lines[k].trim()}`;
  return u.replace(/^usage: /, '').replace(/\s+/g, ' ');
}

// Every (sub)command: [{ words: ['article', 'list'], help, usage, subs }].
export function commandTree(bin) {
  const out = [];
  (function walk(words) {
    const h = help(bin, words);
    const subs = subcommands(h.stdout);
    out.push({ words, help: h, usage: usageLine(h.stdout), subs });
    for (const s of subs) walk([...words, s]);
  })([]);
  return out;
}

// The README block: each runnable command's usage, wrapped at 78
// columns with continuation lines indented, four spaces in (Markdown code).
export function readmeBlock(tree) {
  const lines = [];
  for (const c of tree) {
    if (c.words.length === 0 || c.subs.length > 0) continue;
    let line = '    ';
    for (const w of c.usage.match(/\[[^\]]*\]|\S+/g)) {
      if (line.trim() !== '' && line.length + 1 + w.length > 78) {
        lines.push(line);
        line = '            ';
      }
      line += (line.trim() === '' ? '' : ' ') + w;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

// The usage lines a README "## Commands" section lists (continuations joined).
export function readmeUsages(readme) {
  const start = readme.indexOf('\n## Commands\n');
  if (start < 0) return null;
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const out = [];
  for (const line of section.split('\n')) {
    if (/^ {4}nutgraf /.test(line)) out.push(line.trim());
    else if (/^ {5,}\S/.test(line) && out.length > 0) out[out.length - 1] += ` ${line.trim()}`;
  }
  return out.map((u) => u.replace(/\s+/g, ' '));
}
