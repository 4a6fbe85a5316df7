import { Flags } from '@oclif/core';
import { BaseCommand, configFlag } from '../../actions/base-command.js';

export default class IpamCheck extends BaseCommand {
  static override summary = 'Check the integrity of the IPAM datastructures.';
  static override description =
    'Check the IPAM data for inconsistencies: addresses allocated but not in use, addresses in ' +
    'use but not allocated or outside every active pool, and handles with no addresses. ' +
    'With -o, write a report that "ipam release --from-report" can act on (generate it while ' +
    'the datastore is locked). On etcd, the WorkloadEndpoints in the datastore are taken as the ' +
    'workloads using addresses (no Kubernetes pods or Services are consulted).';
  static override usage =
    'ipam check [--config=<CONFIG>] [--show-all-ips] [--show-problem-ips] [-o <FILE>] [--kubeconfig=<KUBECONFIG>] [--allow-version-mismatch]';
  static override examples = ['# Check IPAM and write a report.\ncalicoctl ipam check -o report.json'];
  static datastoreIntro = true;
  static override flags = {
    'show-all-ips': Flags.boolean({ description: 'Print all IPs that are checked.' }),
    'show-problem-ips': Flags.boolean({ description: 'Print all IPs that are leaked or not allocated properly.' }),
    output: Flags.string({ char: 'o', description: 'Path to output report file.', helpValue: '<FILE>' }),
    kubeconfig: Flags.string({ description: 'Path to Kubernetes kubeconfig file (unused on etcd: WorkloadEndpoints are read instead).', helpValue: '<KUBECONFIG>' }),
    config: configFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(IpamCheck);
    const { runCheck } = await import('../../actions/ipam/check.js');
    await runCheck(flags);
  }
}
