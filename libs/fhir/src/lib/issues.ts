/** Why an import problem arose; stable, so callers and tests can branch on it. */
export type FhirIssueCode =
  | 'invalid-json'
  | 'not-a-bundle'
  | 'too-large'
  | 'required'
  | 'invalid-value'
  | 'duplicate'
  | 'unresolved-reference'
  | 'reference-cycle'
  | 'identifier-conflict'
  | 'unsupported-type';

export interface FhirIssue {
  severity: 'error' | 'warning';
  code: FhirIssueCode;
  /** FHIRPath-like place of the problem, e.g. `Bundle.entry[12].resource.code.coding[0]`. */
  location: string;
  message: string;
}

/** Collects issues for one bundle; an error anywhere means nothing of that bundle is written. */
export class IssueList {
  readonly items: FhirIssue[] = [];

  error(code: FhirIssueCode, location: string, message: string): void {
    this.items.push({ severity: 'error', code, location, message });
  }

  warning(code: FhirIssueCode, location: string, message: string): void {
    this.items.push({ severity: 'warning', code, location, message });
  }

  get errors(): FhirIssue[] {
    return this.items.filter((issue) => issue.severity === 'error');
  }

  get warnings(): FhirIssue[] {
    return this.items.filter((issue) => issue.severity === 'warning');
  }

  get hasErrors(): boolean {
    return this.items.some((issue) => issue.severity === 'error');
  }
}
