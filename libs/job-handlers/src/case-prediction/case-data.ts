import { badInput, notFound } from '@pmed/core';
import type { PatientTimeline, StaticDescriptors } from '@pmed/case-prediction';
import type { Database } from '@pmed/data';

/** Which encounters a training or scoring run reads. */
export interface EncounterFilter {
  /** Patient.source, e.g. 'physionet2012' or 'demo'. */
  source?: string;
  /** Encounter.kind, e.g. 'icu'. */
  kind?: string;
  encounterIds?: string[];
  patientIds?: string[];
  /** Default 100000. */
  limit?: number;
}

export interface EncounterTimeline {
  encounterId: string;
  patientId: string;
  timeline: PatientTimeline;
}

const CHUNK = 400;

function descriptorsOf(json: unknown): StaticDescriptors {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
  const out: StaticDescriptors = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) out[k] = v;
  }
  return out;
}

/** 1/0 from an outcomes JSON value (true/false, 1/0, 'yes'/'no'); undefined when unknown. */
export function outcomeLabel(outcomes: unknown, outcome: string): number | undefined {
  if (outcomes === null || typeof outcomes !== 'object') return undefined;
  const v = (outcomes as Record<string, unknown>)[outcome];
  if (v === true || v === 1 || v === 'yes' || v === 'true') return 1;
  if (v === false || v === 0 || v === 'no' || v === 'false') return 0;
  return undefined;
}

/** Encounter ids matching a filter, in a stable order (by id). */
export async function findEncounterIds(db: Database, filter: EncounterFilter): Promise<string[]> {
  const limit = filter.limit ?? 100_000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) throw badInput('filter.limit', 'must be an integer in 1..1000000');
  const rows = await db.client.encounter.findMany({
    where: {
      kind: filter.kind,
      id: filter.encounterIds ? { in: filter.encounterIds } : undefined,
      patientId: filter.patientIds ? { in: filter.patientIds } : undefined,
      patient: filter.source ? { source: filter.source } : undefined,
    },
    select: { id: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map((r) => r.id);
}

/** Timelines (observations as hours since the encounter began) for the given encounters. */
export async function loadEncounterTimelines(db: Database, encounterIds: readonly string[], options: { outcome?: string; hours?: number } = {}): Promise<EncounterTimeline[]> {
  const out: EncounterTimeline[] = [];
  for (let i = 0; i < encounterIds.length; i += CHUNK) {
    const ids = encounterIds.slice(i, i + CHUNK);
    const encounters = await db.client.encounter.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true, startedAt: true, descriptors: true, outcomes: true } });
    const observations = await db.client.observation.findMany({
      // patientId leads the (patientId, encounterId, time) index, so naming it avoids a table scan.
      where: { patientId: { in: [...new Set(encounters.map((e) => e.patientId))] }, encounterId: { in: ids }, value: { not: null } },
      select: { encounterId: true, code: true, value: true, time: true },
    });
    const byEncounter = new Map<string, PatientTimeline['points']>();
    const start = new Map(encounters.map((e) => [e.id, e.startedAt.getTime()]));
    for (const o of observations) {
      const t0 = start.get(o.encounterId as string);
      if (t0 === undefined) continue;
      const hours = (o.time.getTime() - t0) / 3_600_000;
      if (options.hours !== undefined && (hours < 0 || hours >= options.hours)) continue;
      const list = byEncounter.get(o.encounterId as string) ?? [];
      list.push({ hours, code: o.code, value: o.value as number });
      byEncounter.set(o.encounterId as string, list);
    }
    const order = new Map(ids.map((id, k) => [id, k]));
    encounters.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    for (const e of encounters) {
      const label = options.outcome ? outcomeLabel(e.outcomes, options.outcome) : undefined;
      out.push({ encounterId: e.id, patientId: e.patientId, timeline: { id: e.id, points: byEncounter.get(e.id) ?? [], descriptors: descriptorsOf(e.descriptors), label } });
    }
  }
  return out;
}

/** The encounter to score for a patient: the given one (which must be theirs) or their latest. */
export async function resolvePatientEncounter(db: Database, patientId: string, encounterId?: string | null): Promise<{ id: string; patientId: string }> {
  const patient = await db.client.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!patient) throw notFound('Patient', patientId);
  if (encounterId) {
    const enc = await db.client.encounter.findUnique({ where: { id: encounterId }, select: { id: true, patientId: true } });
    if (!enc || enc.patientId !== patientId) throw notFound('Encounter', `${encounterId} of patient ${patientId}`);
    return enc;
  }
  const latest = await db.client.encounter.findFirst({ where: { patientId }, orderBy: { startedAt: 'desc' }, select: { id: true, patientId: true } });
  if (!latest) throw notFound('Encounter', `for patient ${patientId}`);
  return latest;
}
