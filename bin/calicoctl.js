#!/usr/bin/env node
// Entry point: src/main.ts answers help/usage errors/`version --client` itself and hands the
// rest to oclif. Exit status is set through process.exitCode; nothing calls process.exit.
import { main } from '../dist/main.js';

await main(process.argv);
