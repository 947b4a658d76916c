import type { Resource } from '@medplum/fhirtypes';
import { IssueList } from '../issues';
import { validateResource } from '../validate';

/** Fails the test when the importer's validator finds anything wrong with the resource or what it contains. */
export function expectValidResource(resource: Resource): void {
  const issues = new IssueList();
  validateResource(resource, resource.resourceType, issues);
  for (const contained of (resource as { contained?: Resource[] }).contained ?? []) validateResource(contained, 'contained', issues);
  expect(issues.items).toEqual([]);
}
