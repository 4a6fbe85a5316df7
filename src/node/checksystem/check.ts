/** `node checksystem`: the kernel version and module checks, as text lines and a verdict. */
import { moduleFound, readFacts, REQUIRED_MODULES, type SystemSources } from './modules.js';

export const MIN_KERNEL = [2, 6, 24] as const;

/** Go's `\t\t%-20s\t\t\t\t\t%s\n`. */
export const resultLine = (value: string, verdict: string): string => `\t\t${value.padEnd(20)}\t\t\t\t\t${verdict}\n`;

export function kernelVersionOk(release: string): boolean {
  const parts = (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release) ?? []).slice(1).map((p) => Number(p ?? 0));
  if (parts.length === 0 || Number.isNaN(parts[0])) return false;
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = MIN_KERNEL[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

export interface CheckResult {
  text: string;
  ok: boolean;
}

export function checkSystem(src: SystemSources): CheckResult {
  let text = 'Checking kernel version...\n';
  const kernelOk = kernelVersionOk(src.release);
  text += resultLine(src.release, kernelOk ? 'OK' : 'FAIL');
  text += 'Checking kernel modules...\n';
  const facts = readFacts(src);
  let modulesOk = true;
  for (const spec of REQUIRED_MODULES) {
    if (moduleFound(spec, facts)) {
      text += resultLine(spec.name, 'OK');
    } else if (spec.optional) {
      text += `WARNING: Unable to detect optional module/feature ${spec.name}; continuing\n${resultLine(spec.name, 'SKIP')}`;
    } else {
      modulesOk = false;
      text += `WARNING: Unable to detect the ${spec.name} module as Loaded/Builtin module or lsmod\n${resultLine(spec.name, 'FAIL')}`;
    }
  }
  return { text, ok: kernelOk && modulesOk };
}

export const SUCCESS = 'System meets minimum system requirements to run Calico!\n';
export const FAILURE = "system doesn't meet one or more minimum systems requirements to run Calico\n";
