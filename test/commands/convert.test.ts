// calicoctl convert through the built CLI: stdout, stderr and exit codes (no datastore).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('calicoctl convert', () => {
  it('converts a Kubernetes policy from stdin to Calico YAML, exit 0', async () => {
    const r = await runCli(['convert', '-f', '-'], { stdin: readFileSync('fixtures/seed-k8s/k8s-networkpolicy.yaml', 'utf8') });
    expect(r).toEqual({ stdout: readFileSync('fixtures/convert/seed-k8s-networkpolicy.expected.yaml', 'utf8'), stderr: '', code: 0 });
  });

  it('reports a validation failure on stderr with exit 1 and prints nothing', async () => {
    const r = await runCli(['convert', '-f', 'fixtures/convert/invalid-name.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^converted manifest resource\(s\) failed validation: .*Re-run the command with '--ignore-validation' flag to see the converted output\n$/s);
  });

  it('the loader of other commands points Kubernetes policies to convert', async () => {
    const r = await runCli(['validate', '-f', 'fixtures/seed-k8s/k8s-networkpolicy.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'calicoctl convert' turns it into a Calico NetworkPolicy");
  });
});
