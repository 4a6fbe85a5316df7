// Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), as kubectl get asks.

/** Go's k8s.io/apimachinery duration.HumanDuration. @param {number} ms */
export function humanDuration(ms) {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${days / 365}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** @param {any} o */
const age = (o) => (o.metadata?.creationTimestamp ? humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>');

const NAME_COL = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 };
const AGE_COL = { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 };
/** @param {string} name @param {number} [priority] */
const col = (name, priority = 0) => ({ name, type: 'string', format: '', description: name, priority });

/** @param {any} n */
function nodeStatus(n) {
  const ready = (n.status?.conditions ?? []).find((/** @type {any} */ c) => c.type === 'Ready');
  let s = ready ? (ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown') : 'Unknown';
  if (n.spec?.unschedulable) s += ',SchedulingDisabled';
  return s;
}

/** @param {any} n */
function nodeRoles(n) {
  const roles = new Set();
  for (const [k, v] of Object.entries(n.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role') roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

/** @param {any} n @param {string} type */
const addr = (n, type) => (n.status?.addresses ?? []).find((/** @type {any} */ a) => a.type === type)?.address ?? '<none>';

/** @type {Record<string, { columns: any[], cells: (o: any) => unknown[] }>} */
const PRINTERS = {
  Node: {
    columns: [NAME_COL, col('Status'), col('Roles'), AGE_COL, col('Version'), col('Internal-IP', 1), col('External-IP', 1),
      col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
    cells: (n) => [n.metadata.name, nodeStatus(n), nodeRoles(n), age(n), n.status?.nodeInfo?.kubeletVersion ?? '',
      addr(n, 'InternalIP'), addr(n, 'ExternalIP'), n.status?.nodeInfo?.osImage || '<unknown>',
      n.status?.nodeInfo?.kernelVersion || '<unknown>', n.status?.nodeInfo?.containerRuntimeVersion || '<unknown>'],
  },
  Namespace: { columns: [NAME_COL, col('Status'), AGE_COL], cells: (o) => [o.metadata.name, o.status?.phase ?? '', age(o)] },
  Secret: {
    columns: [NAME_COL, col('Type'), { ...col('Data'), type: 'string' }, AGE_COL],
    cells: (o) => [o.metadata.name, o.type ?? '', Object.keys(o.data ?? {}).length, age(o)],
  },
  ConfigMap: {
    columns: [NAME_COL, col('Data'), AGE_COL],
    cells: (o) => [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o)],
  },
  ServiceAccount: { columns: [NAME_COL, col('Secrets'), AGE_COL], cells: (o) => [o.metadata.name, (o.secrets ?? []).length, age(o)] },
};

/** @param {any} o */
function partial(o) {
  const { managedFields, ...metadata } = o.metadata ?? {};
  void managedFields;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

/**
 * @param {string} kind @param {any[]} items @param {Record<string, unknown>} listMeta
 * @param {string} includeObject 'None' | 'Metadata' | 'Object'
 */
export function toTable(kind, items, listMeta, includeObject) {
  const p = PRINTERS[kind] ?? { columns: [NAME_COL, AGE_COL], cells: (/** @type {any} */ o) => [o.metadata.name, age(o)] };
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: p.columns,
    rows: items.map((o) => ({
      cells: p.cells(o),
      object: includeObject === 'None' ? undefined : includeObject === 'Object' ? o : partial(o),
    })),
  };
}
