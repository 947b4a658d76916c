import { openChemistry, type Chemistry } from '@pmed/drug-generation';

let shared: Promise<Chemistry> | undefined;

/** One Chemistry (RDKit module plus compiled QED patterns) per process: it is stateless between calls. */
export function sharedChemistry(): Promise<Chemistry> {
  shared ??= openChemistry().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
