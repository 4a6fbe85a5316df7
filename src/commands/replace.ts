import { writeCommand } from '../actions/write-command.js';

export default writeCommand('replace', {
  summary: 'Replace a resource by file, directory or stdin.',
  description:
    'The replace command is used to replace a set of resources by filename or stdin. JSON and YAML formats are accepted.\n\nIf a resource does not exist, the command fails for that resource. The whole specification is replaced; labels and annotations are replaced too.',
  examples: [
    '# Replace a policy using the data in policy.yaml.\n  calicoctl replace -f ./policy.yaml',
    '# Replace a policy based on the JSON passed into stdin.\n  cat policy.json | calicoctl replace -f -',
  ],
});
