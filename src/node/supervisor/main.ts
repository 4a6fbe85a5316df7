/** Entry point: `node dist/node/supervisor/main.js --run-dir D --log-dir L --name N [...]`. */
import { parseProcessArgs } from './args.js';
import { log, runSupervisor } from './supervisor.js';

try {
  await runSupervisor(parseProcessArgs(process.argv.slice(2)));
} catch (e) {
  log(`fatal: ${(e as Error).message}`);
  process.exit(1);
}
