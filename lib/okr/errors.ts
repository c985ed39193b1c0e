/**
 * The one error shape every layer uses for a problem the user can fix: a message, the form
 * field it belongs to (`code`, `parentId`, …) and, for files, every issue with its path
 * (`keyResults[3].target`). The store throws it, the background sends it as a `WireError`, and
 * `send()` throws it again on the other side, so a form shows the message next to its field
 * wherever the check ran. Pure: no imports.
 */
export interface Issue {
  /** Where the problem is, e.g. `keyResults[3].target`. */
  path: string;
  message: string;
}

export class FieldError extends Error {
  override name: string = 'FieldError';
  readonly field: string | undefined;
  readonly issues: Issue[] | undefined;
  constructor(message: string, field?: string, issues?: Issue[]) {
    super(message);
    this.field = field;
    this.issues = issues;
  }
}

/** Bad input from the user: a form field, a request, a record that breaks a rule. */
export class UserError extends FieldError {
  override name = 'UserError';
}
