#!/usr/bin/env node
// `npx coordinator …`: the compiled CLI in dist/ (`npm run build`); no TypeScript at run time.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('coordinator: dist/cli.js is missing — run npm run build first\n');
  process.exit(1);
}
const { runCli } = await import(cli.href);
const code = await runCli(process.argv.slice(2), process.env, {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
});
process.exit(code);
