import type { Attachment, DiagnosticReport, DocumentReference, Reference } from '@medplum/fhirtypes';
import { conceptText, firstCoding, toDate, type MapContext, type Mapper } from '../mapping';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Text of the attachments that carry inline text (`text/*`), base64-decoded; null when there is none. */
function attachmentText(attachments: { attachment: Attachment; path: string }[], ctx: MapContext): string | null {
  const parts: string[] = [];
  for (const { attachment, path } of attachments) {
    const type = attachment.contentType ?? '';
    if (attachment.data === undefined) continue;
    if (typeof attachment.data !== 'string' || !BASE64.test(attachment.data)) {
      ctx.issues.error('invalid-value', `${ctx.location}.${path}.data`, 'attachment data must be base64');
      continue;
    }
    if (type !== '' && !type.startsWith('text/')) continue;
    parts.push(Buffer.from(attachment.data, 'base64').toString('utf8'));
  }
  return parts.length > 0 ? parts.join('\n') : null;
}

interface NoteFields {
  patient: Reference | undefined;
  encounter: Reference | undefined;
  code: DiagnosticReport['code'] | undefined;
  title: string | undefined;
  when: string | undefined;
  whenPath: string;
  text: string | null;
}

function emitNote(fields: NoteFields, ctx: MapContext): void {
  // A report without inline text (a lab panel) has nothing for ClinicalNote: its results are Observations.
  if (fields.text === null) return;
  const patientId = ctx.ref(fields.patient, 'subject', { type: 'Patient', required: true });
  if (!patientId) return;
  const authoredAt = toDate(fields.when, fields.whenPath, ctx);
  const kind = conceptText(fields.code) ?? null;
  ctx.row('clinicalNote', {
    patientId,
    encounterId: ctx.ref(fields.encounter, 'encounter', { type: 'Encounter' }),
    code: firstCoding(fields.code)?.code ?? null,
    kind,
    title: fields.title ?? kind,
    text: fields.text,
    ...(authoredAt ? { authoredAt } : {}),
  });
}

export const diagnosticReportMapper: Mapper<DiagnosticReport> = (report, ctx) => {
  const forms = (report.presentedForm ?? []).map((attachment, i) => ({ attachment, path: `presentedForm[${i}]` }));
  emitNote(
    {
      patient: report.subject,
      encounter: report.encounter,
      code: report.code,
      title: report.conclusion,
      when: report.effectiveDateTime ?? report.effectivePeriod?.start ?? report.issued,
      whenPath: 'effectiveDateTime',
      text: attachmentText(forms, ctx),
    },
    ctx,
  );
};

export const documentReferenceMapper: Mapper<DocumentReference> = (document, ctx) => {
  const contents = (document.content ?? []).map((content, i) => ({ attachment: content.attachment, path: `content[${i}].attachment` }));
  emitNote(
    {
      patient: document.subject,
      encounter: document.context?.encounter?.[0],
      code: document.type,
      title: document.description,
      when: document.date ?? document.context?.period?.start,
      whenPath: 'date',
      text: attachmentText(contents, ctx),
    },
    ctx,
  );
};

/** True when the resource carries note text, i.e. the mapper will store it (used for counting). */
export function hasNoteText(resource: DiagnosticReport | DocumentReference): boolean {
  const attachments = resource.resourceType === 'DiagnosticReport' ? (resource.presentedForm ?? []) : (resource.content ?? []).map((c) => c.attachment);
  return attachments.some((a) => typeof a?.data === 'string' && (!a.contentType || a.contentType.startsWith('text/')));
}
