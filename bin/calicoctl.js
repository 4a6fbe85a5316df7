#!/usr/bin/env node
// Entry point: src/main.ts answers help/usage errors/`version --client` itself and hands the
// rest to oclif. `node status`, which CI runs in tight loops, is routed before anything else
// loads (its own flag parser; anything it does not recognise goes the normal way).
// Exit status is set through process.exitCode; nothing calls process.exit.
const args = process.argv.slice(2);
let handled = false;
if (args[0] === 'node' && args[1] === 'status') {
  const { fastNodeStatus } = await import('../dist/node/status/fast.js');
  const code = await fastNodeStatus(args.slice(2));
  if (code !== undefined) {
    process.exitCode = code;
    handled = true;
  }
}
if (!handled) {
  const { main } = await import('../dist/main.js');
  await main(process.argv);
}
