import { describe, expect, it } from 'vitest';
import type { HelpCommand, HelpContext } from '../../src/cli/helpdata.js';
import { programFor } from '../../src/cli/helpdata.js';
import { renderCommandHelp, usageSection } from '../../src/cli/render-command.js';
import { findHelpTarget, renderRootHelp, renderTopicHelp } from '../../src/cli/render-root.js';

const create: HelpCommand = {
  id: 'create',
  summary: 'Create a resource by file, directory or stdin.',
  description: 'The create command is used to create a set of resources.\n\nResources are created in order.',
  usage: 'create --filename=<FILENAME> [--recursive] [--skip-empty] [--skip-exists] [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>]',
  examples: ['# Create a policy using the data in policy.yaml.\n  calicoctl create -f ./policy.yaml'],
  listsResourceTypes: true,
  datastoreIntro: true,
  args: {},
  flags: {
    context: { name: 'context', type: 'option', helpValue: '<context>', description: 'The name of the kubeconfig context to use.' },
    filename: { name: 'filename', char: 'f', type: 'option', helpValue: '<FILENAME>', description: 'Filename to use to create the resource.  If set to\n"-" loads from stdin.' },
    recursive: { name: 'recursive', char: 'R', type: 'boolean', description: 'Process the filename recursively.' },
    config: { name: 'config', char: 'c', type: 'option', default: '/etc/calico/calicoctl.cfg', helpValue: '<CONFIG>', description: 'Path to the file containing connection configuration in YAML or JSON format.' },
    secret: { name: 'secret', type: 'boolean', hidden: true },
  },
};
const ipamShow: HelpCommand = { id: 'ipam:show', summary: 'Show details of IP address usage.', args: {}, flags: {} };
const ipamCheck: HelpCommand = { id: 'ipam:check', summary: 'Check the integrity of the IPAM datastructures.', args: {}, flags: {} };
const version: HelpCommand = { id: 'version', summary: 'Display the version of this binary.', args: {}, flags: {} };

const ctx = (bin = 'calicoctl', kindNames?: string[]): HelpContext => ({
  ...programFor(bin),
  commands: [create, ipamShow, ipamCheck, version],
  topics: [{ name: 'ipam', description: 'IP address management.' }],
  kindNames,
});

describe('command help', () => {
  const text = renderCommandHelp(create, ctx('calicoctl', ['bgppeer', 'ippool']));

  it('has the docopt sections in order, ending with one newline', () => {
    const heads = text.split('\n').filter((l) => /^[A-Z][a-z]+:$/.test(l));
    expect(heads).toEqual(['Usage:', 'Examples:', 'Options:', 'Description:']);
    expect(text.startsWith('Set the Calico datastore access information in the environment variables or\n')).toBe(true);
    expect(text.endsWith('.\n')).toBe(true);
  });

  it('wraps usage with continuation lines under the first argument', () => {
    expect(usageSection(create, { bin: 'calicoctl' })).toBe(
      [
        'Usage:',
        '  calicoctl create --filename=<FILENAME> [--recursive] [--skip-empty]',
        '                   [--skip-exists] [--config=<CONFIG>] [--namespace=<NS>]',
        '                   [--context=<context>]',
      ].join('\n'),
    );
  });

  it('lays options out docopt-style: short and long together, descriptions at column 31', () => {
    const options = text.slice(text.indexOf('Options:'), text.indexOf('\n\nDescription:'));
    expect(options).toBe(
      [
        'Options:',
        '  -h --help                    Show this screen.',
        '  -f --filename=<FILENAME>     Filename to use to create the resource.  If set to',
        '                               "-" loads from stdin.',
        '  -R --recursive               Process the filename recursively.',
        '  -c --config=<CONFIG>         Path to the file containing connection',
        '                               configuration in YAML or JSON format.',
        '                               [default: /etc/calico/calicoctl.cfg]',
        '     --context=<context>       The name of the kubeconfig context to use.',
      ].join('\n'),
    );
  });

  it('lists resource types after the first paragraph of the description', () => {
    expect(text).toContain(
      'Description:\n  The create command is used to create a set of resources.\n\n  Valid resource types are:\n\n    - bgppeer\n    - ippool\n\n  Resources are created in order.\n',
    );
  });

  it('puts the list where the description asks for it', () => {
    const cmd = { ...create, description: 'Intro.\n\nMore.\n\n<RESOURCE_TYPES>\n\nEnd.' };
    expect(renderCommandHelp(cmd, ctx('calicoctl', ['tier']))).toContain('  More.\n\n  Valid resource types are:\n\n    - tier\n\n  End.\n');
    expect(renderCommandHelp(cmd, ctx('calicoctl'))).not.toContain('RESOURCE_TYPES');
  });

  it('says kubectl-calico in kubectl-plugin mode, but keeps paths such as calicoctl.cfg', () => {
    const k = renderCommandHelp(create, ctx('kubectl-calico'));
    expect(k).toContain('  kubectl-calico create --filename=<FILENAME> [--recursive] [--skip-empty]\n                        [--skip-exists]');
    expect(k).toContain('  kubectl-calico create -f ./policy.yaml');
    expect(k).toContain('[default: /etc/calico/calicoctl.cfg]');
    expect(k).not.toMatch(/(?<![\w/.-])calicoctl(?![\w/.-])/);
  });

  it('generates a docopt usage when the command has none', () => {
    const cmd: HelpCommand = {
      id: 'ipam:release',
      args: { ip: { name: 'ip', required: true } },
      flags: { force: { name: 'force', type: 'boolean' }, config: { name: 'config', type: 'option', char: 'c' } },
    };
    expect(usageSection(cmd, { bin: 'calicoctl' })).toBe('Usage:\n  calicoctl ipam release <IP> [--force] [--config=<CONFIG>]');
  });
});

describe('top-level and router help', () => {
  it('lists only existing commands, in calicoctl order', () => {
    const text = renderRootHelp(ctx());
    const listed = text.split('\n').filter((l) => /^ {4}\w/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(listed).toEqual(['create', 'ipam', 'version']);
    expect(text).toContain('    create       Create a resource by file, directory or stdin.\n');
    expect(text).toContain("  See 'calicoctl <command> --help' to read about a specific subcommand.\n");
  });

  it('mentions kubectl calico in plugin mode', () => {
    const text = renderRootHelp(ctx('kubectl-calico'));
    expect(text.startsWith('Usage:\n  kubectl-calico [options] <command> [<args>...]\n')).toBe(true);
    expect(text).toContain('The calico kubectl plugin is used to manage');
    expect(text).toContain("'kubectl calico [options] <command> [<args>...]'");
  });

  it('renders a router with its sub-commands', () => {
    expect(renderTopicHelp('ipam', ctx())).toBe(
      [
        'Usage:',
        '  calicoctl ipam <command> [<args>...]',
        '',
        '    show         Show details of IP address usage.',
        '    check        Check the integrity of the IPAM datastructures.',
        '',
        'Options:',
        '  -h --help                    Show this screen.',
        '',
        'Description:',
        '  IP address management.',
        '',
        "  See 'calicoctl ipam <command> --help' to read about a specific subcommand.",
        '',
      ].join('\n'),
    );
  });

  it('finds the help target from command-line words', () => {
    const cmds = ctx().commands;
    expect(findHelpTarget([], cmds)).toEqual({ kind: 'root' });
    expect(findHelpTarget(['ipam'], cmds)).toEqual({ kind: 'topic', name: 'ipam' });
    expect(findHelpTarget(['ipam', 'show', '--ip=1.2.3.4'], cmds)).toMatchObject({ kind: 'command', command: ipamShow });
    expect(findHelpTarget(['create', 'extra'], cmds)).toMatchObject({ kind: 'command', command: create });
    expect(findHelpTarget(['nope'], cmds)).toEqual({ kind: 'root' });
  });
});
