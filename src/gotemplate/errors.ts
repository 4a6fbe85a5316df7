/** The one error type the template engine throws, for parse and execution failures alike. */
export class GoTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoTemplateError';
  }
}
