import { writeCommand } from '../actions/write-command.js';

export default writeCommand('apply', {
  summary: 'Apply a resource by file, directory or stdin.',
  description:
    'The apply command is used to create or replace a set of resources by filename or stdin. JSON and YAML formats are accepted.\n\nWhen applying a resource:\n- if the resource does not already exist (as determined by it\'s primary identifiers) then it is created\n- if the resource already exists then the specification for that resource is replaced in it\'s entirety by the new resource specification.',
  examples: [
    '# Apply a policy using the data in policy.yaml.\n  calicoctl apply -f ./policy.yaml',
    '# Apply a policy based on the JSON passed into stdin.\n  cat policy.json | calicoctl apply -f -',
  ],
});
