/** Writing to stdout/stderr so that nothing is lost when the process exits right after. */

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

export const stdout = (text: string): Promise<void> => write(process.stdout, text);
export const stderr = (text: string): Promise<void> => write(process.stderr, text);

/** Lines joined with newlines, each terminated. */
export const lines = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('');
