import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum, checkIntRange } from '../validation/problems.js';
import { isObj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkSingletonName } from '../validation/names.js';
import { nameColumn } from './columns.js';

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const name = r.metadata?.name;
  if (typeof name === 'string' && name !== '') checkSingletonName(p, 'KubeControllersConfiguration', name, ['default']);
  const spec = isObj(r.spec) ? r.spec : {};
  checkEnum(p, 'spec.logSeverityScreen', spec.logSeverityScreen, ['None', 'Debug', 'Info', 'Warning', 'Error', 'Fatal', 'Panic']);
  checkEnum(p, 'spec.healthChecks', spec.healthChecks, ['Enabled', 'Disabled']);
  checkIntRange(p, 'spec.prometheusMetricsPort', spec.prometheusMetricsPort, 0, 65535);
  checkIntRange(p, 'spec.debugProfilePort', spec.debugProfilePort, 0, 65535);
  return p.list;
}

export const kubeControllersConfiguration: KindDefinition = {
  kind: 'KubeControllersConfiguration',
  plural: 'kubecontrollersconfigurations',
  aliases: ['kubecontrollersconfiguration', 'kubecontrollersconfigurations', 'kubecontrollersconfig', 'kubecontrollersconfigs'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'kubecontrollersconfigurations',
  goSpecType: 'KubeControllersConfigurationSpec',
  columns: { ps: ['NAME'], wide: ['NAME'], values: { NAME: nameColumn } },
  validate,
};
