/** Writes that resolve once the text is handed to the OS, so setting an exit code after is safe. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve) => {
    // A closed pipe (`calicoctl --help | head -1`) is not our failure: resolve either way.
    stream.write(text, () => resolve());
  });
}

export const toStdout = (text: string): Promise<void> => write(process.stdout, text);
export const toStderr = (text: string): Promise<void> => write(process.stderr, text);

/** Ignore EPIPE on stdout/stderr instead of crashing with a stack trace. */
export function ignoreBrokenPipes(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}
