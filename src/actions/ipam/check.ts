/** `ipam check`: gather, analyse, print the text report, optionally write the JSON report. */
import { chmodSync, writeFileSync } from 'node:fs';
import type { ClientFlags } from '../client.js';
import { openClient } from '../client.js';
import { stdout } from '../output.js';
import { analyze } from './check-analyze.js';
import { gatherCheckData } from './check-data.js';
import { buildReport, encodeReport } from './report.js';

export interface CheckFlags extends ClientFlags {
  'show-all-ips'?: boolean;
  'show-problem-ips'?: boolean;
  output?: string;
}

export async function runCheck(flags: CheckFlags): Promise<void> {
  const ds = await openClient(flags);
  try {
    const data = await gatherCheckData(ds);
    const result = analyze(data, { showAllIPs: flags['show-all-ips'] === true, showProblemIPs: flags['show-problem-ips'] === true });
    await stdout(result.text);
    if (flags.output !== undefined) {
      const report = buildReport(data.cluster, result.allocations, result.leakedHandles);
      writeFileSync(flags.output, encodeReport(report), { mode: 0o777 });
      chmodSync(flags.output, 0o777);
    }
  } finally {
    await ds.close();
  }
}
