/**
 * Process entry: picks the program name (calicoctl or kubectl-calico) and hands argv to oclif.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function main(argv: string[]): Promise<void> {
  const invokedAs = basename(argv[1] ?? 'calicoctl');
  const { Config, run, flush, handle } = await import('@oclif/core');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const config = await Config.load({ root });
  if (invokedAs.startsWith('kubectl-')) {
    config.bin = 'kubectl-calico';
    process.env.CALICOCTL_PROGRAM_NAME = 'kubectl-calico';
  }
  try {
    await run(argv.slice(2), config);
    await flush();
  } catch (err) {
    await handle(err as Error);
  }
}
