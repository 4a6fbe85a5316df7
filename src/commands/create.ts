import { writeCommand } from '../actions/write-command.js';

export default writeCommand('create', {
  summary: 'Create a resource by file, directory or stdin.',
  description:
    'The create command is used to create a set of resources by filename or stdin. JSON and YAML formats are accepted.\n\nIf creating a resource that already exists, the command fails unless --skip-exists is given.',
  examples: [
    '# Create a policy using the data in policy.yaml.\n  calicoctl create -f ./policy.yaml',
    '# Create a policy based on the JSON passed into stdin.\n  cat policy.json | calicoctl create -f -',
  ],
});
