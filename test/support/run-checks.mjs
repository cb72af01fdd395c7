#!/usr/bin/env node
// `npm test`: the type-check, the layering rules and the test suite, run side by side rather than
// one after the other. The two checks are single-threaded and run at a lower CPU priority, so they
// fill the time the suite leaves a core idle (a test waiting on a socket, the last long file)
// instead of holding the suite back. The suite's output streams as it runs; each check's output is
// printed once it has finished, under its own heading, and the run fails if any of the three fails.
// Arguments go to vitest (`npm test -- test/cli.test.ts`).
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const bin = (name) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

/** Runs a command; `quiet` collects its output for later instead of passing it through. */
function run(label, cmd, args, { quiet, nice }) {
  const started = Date.now();
  const child = spawn(cmd, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  if (nice) {
    try {
      setPriority(child.pid, nice);
    } catch {
      // Not allowed to lower it here: the check still runs, only at the same priority.
    }
  }
  let output = '';
  if (quiet) {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (code) => {
      // A child can report both `error` and `close`: the first one decides.
      if (settled) return;
      settled = true;
      // Said at once, so nobody waits for the suite to learn the type-check failed; the details follow it.
      if (quiet && code !== 0) process.stdout.write(`\n${label} FAILED (exit ${code}); its output is printed after the suite\n\n`);
      resolve({ label, code, output, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (err) => {
      output += `${err.message}\n`;
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

const checks = [
  // Its output is collected through a pipe: `--pretty` keeps it as readable as in a terminal.
  run('tsc --noEmit', bin('tsc'), ['--noEmit', ...(process.stdout.isTTY ? ['--pretty'] : [])], { quiet: true, nice: 10 }),
  run('depcruise src', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { quiet: true, nice: 10 }),
];
const suite = await run('vitest run', bin('vitest'), ['run', ...process.argv.slice(2)], { quiet: false });
const results = [...(await Promise.all(checks)), suite];

for (const r of results.slice(0, -1)) {
  if (r.code === 0 && !r.output.trim()) continue;
  process.stdout.write(`\n── ${r.label} ${r.code === 0 ? '' : `(exit ${r.code}) `}──\n${r.output.trimEnd()}\n`);
}
process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.code === 0 ? 'passed' : 'FAILED'}  ${r.label}  (${r.seconds.toFixed(0)} s)\n`);
// exitCode, not exit(): piped output is flushed before the process ends.
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
