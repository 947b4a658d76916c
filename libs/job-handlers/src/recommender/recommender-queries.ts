import { randomUUID } from 'node:crypto';
import { badInput, ErrorCode, notFound, PmedError } from '@pmed/core';
import type { Database } from '@pmed/data';
import { assignPatients, checkK, recommendDoctors, recommendDrugs, type FilteredDrug, type HybridModel, type ItemDomain, type Recommendation, type ResolvedCondition } from '@pmed/recommender';
import { feedbackSentiment, sentimentToRating } from '@pmed/nlp';
import { loadRecommender } from './recommender-engine';
import { loadDoctors, loadDrugs, loadPatientProfile, loadRatings, RATING_SCALE } from './recommender-data';

function modelOf(model: HybridModel | null, domain: ItemDomain): HybridModel {
  if (!model) throw new PmedError(ErrorCode.SERVICE_UNAVAILABLE, `no ${domain} ratings yet: the ${domain} recommender has nothing to learn from`, { details: { domain } });
  return model;
}

export interface RecommendRequest {
  patientId: string;
  conditionCode: string;
  k: number;
}

export interface DrugRecommendations {
  condition: ResolvedCondition;
  items: Recommendation[];
  /** Drugs removed by the safety filter, with their rules (empty unless asked for). */
  filtered: FilteredDrug[];
  modelVersion: number | null;
}

export async function recommendDrugsForPatient(db: Database, request: RecommendRequest & { includeFiltered: boolean }): Promise<DrugRecommendations> {
  checkK(request.k);
  const patient = await loadPatientProfile(db, request.patientId);
  const [drugs, patientRatings, loaded] = await Promise.all([loadDrugs(db), loadRatings(db, 'drug', patient.id), loadRecommender(db)]);
  const result = recommendDrugs({ model: modelOf(loaded.models.drug, 'drug'), patient, patientRatings, conditionCode: request.conditionCode, drugs, k: request.k });
  return { ...result, filtered: request.includeFiltered ? result.filtered : [], modelVersion: loaded.version };
}

export async function recommendDoctorsForPatient(db: Database, request: RecommendRequest): Promise<{ condition: ResolvedCondition; items: Recommendation[]; modelVersion: number | null }> {
  checkK(request.k);
  const patient = await loadPatientProfile(db, request.patientId);
  const [doctors, patientRatings, loaded] = await Promise.all([loadDoctors(db), loadRatings(db, 'doctor', patient.id), loadRecommender(db)]);
  return { ...recommendDoctors({ model: modelOf(loaded.models.doctor, 'doctor'), patient, patientRatings, conditionCode: request.conditionCode, doctors, k: request.k }), modelVersion: loaded.version };
}

export const MAX_ASSIGN_PATIENTS = 500;

export interface PatientAssignment {
  patientId: string;
  doctorId: string | null;
  doctorName: string | null;
  score: number | null;
  /** The Appointment row when the assignment was booked; null otherwise. */
  appointmentId: string | null;
}

export interface AssignmentOutcome {
  conditionCode: string;
  assignments: PatientAssignment[];
  totalScore: number;
  unassigned: number;
  /** The open slots of each doctor in the pool when the plan was made (what booking checks against). */
  openSlots: Record<string, number>;
  /** Set when the assignment was booked: shared by the appointments made together. */
  bookingId: string | null;
}

/** Allocates patients to doctors treating the condition, maximising total fit within open slots; books nothing. */
export async function planPatientAssignment(db: Database, request: { patientIds: string[]; conditionCode: string }): Promise<AssignmentOutcome> {
  const ids = request.patientIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_ASSIGN_PATIENTS) throw badInput('patientIds', `must list 1 to ${MAX_ASSIGN_PATIENTS} patients`);
  if (new Set(ids).size !== ids.length) throw badInput('patientIds', 'must not repeat a patient');
  const [doctors, loaded] = await Promise.all([loadDoctors(db), loadRecommender(db)]);
  const model = modelOf(loaded.models.doctor, 'doctor');
  const fit: number[][] = [];
  let eligible: string[] | null = null;
  for (const id of ids) {
    const patient = await loadPatientProfile(db, id);
    const ranked = recommendDoctors({ model, patient, patientRatings: await loadRatings(db, 'doctor', id), conditionCode: request.conditionCode, doctors, k: 100 }).items;
    eligible ??= ranked.map((r) => r.itemId).sort();
    const byId = new Map(ranked.map((r) => [r.itemId, r.score]));
    fit.push(eligible.map((d) => byId.get(d) ?? Number.NaN));
  }
  const pool = (eligible ?? []).map((id) => doctors.find((d) => d.id === id)).filter((d) => d !== undefined);
  const result = assignPatients({ fit, capacity: pool.map((d) => d.openSlots) });
  const assignments = ids.map((patientId, p) => {
    const d = result.doctorOf[p] as number;
    const doctor = d >= 0 ? pool[d] : undefined;
    return { patientId, doctorId: doctor?.id ?? null, doctorName: doctor?.name ?? null, score: doctor ? (fit[p]?.[d] ?? null) : null, appointmentId: null };
  });
  return { conditionCode: request.conditionCode, assignments, totalScore: result.totalFit, unassigned: ids.length - result.assigned, openSlots: Object.fromEntries(pool.map((d) => [d.id, d.openSlots])), bookingId: null };
}

/**
 * Books a planned assignment in one transaction: an Appointment per placed patient, and each
 * doctor's openSlots lowered by the patients placed with them. The decrement only applies when the
 * doctor still has the slots the plan saw; if another booking (or an import) changed them meanwhile,
 * nothing is booked and the error is CONFLICT with `details.reason` 'CAPACITY_CHANGED'.
 */
export async function bookPatientAssignment(db: Database, plan: AssignmentOutcome): Promise<AssignmentOutcome> {
  const load = new Map<string, number>();
  for (const a of plan.assignments) if (a.doctorId) load.set(a.doctorId, (load.get(a.doctorId) ?? 0) + 1);
  for (const [doctorId, n] of load) {
    const seen = plan.openSlots[doctorId];
    if (seen === undefined || n > seen) throw badInput('plan', `doctor ${doctorId} was given ${n} patient(s) but the plan saw ${seen ?? 'no'} open slot(s)`);
  }
  const bookingId = randomUUID();
  const appointmentIds = await db.client.$transaction(async (tx) => {
    // Doctors in id order, so two bookings touching the same doctors lock them in the same order.
    for (const doctorId of [...load.keys()].sort()) {
      const seen = plan.openSlots[doctorId] as number;
      const n = load.get(doctorId) as number;
      const changed = await tx.doctor.updateMany({ where: { id: doctorId, openSlots: seen }, data: { openSlots: seen - n } });
      if (changed.count !== 1) {
        const now = await tx.doctor.findUnique({ where: { id: doctorId }, select: { openSlots: true } });
        throw new PmedError(ErrorCode.CONFLICT, `doctor ${doctorId} now has ${now ? `${now.openSlots} open slot(s)` : 'been removed'}, not the ${seen} the assignment was planned with; nothing was booked, plan again`, {
          details: { reason: 'CAPACITY_CHANGED', doctorId, plannedOpenSlots: seen, openSlots: now?.openSlots ?? null },
        });
      }
    }
    const out = new Map<string, string>();
    for (const a of plan.assignments) {
      if (!a.doctorId) continue;
      const row = await tx.appointment.create({ data: { patientId: a.patientId, doctorId: a.doctorId, conditionCode: plan.conditionCode, score: a.score, bookingId }, select: { id: true } });
      out.set(a.patientId, row.id);
    }
    return out;
  });
  return {
    ...plan,
    assignments: plan.assignments.map((a) => ({ ...a, appointmentId: appointmentIds.get(a.patientId) ?? null })),
    openSlots: Object.fromEntries(Object.entries(plan.openSlots).map(([id, n]) => [id, n - (load.get(id) ?? 0)])),
    bookingId,
  };
}

/**
 * Allocates patients to doctors treating the condition, maximising total fit within open slots;
 * with `book`, also books the allocation (see bookPatientAssignment) so later recommendations and
 * assignments see the doctors' reduced capacity.
 */
export async function assignPatientsToDoctors(db: Database, request: { patientIds: string[]; conditionCode: string; book?: boolean | null }): Promise<AssignmentOutcome> {
  const plan = await planPatientAssignment(db, request);
  return request.book ? bookPatientAssignment(db, plan) : plan;
}

export interface RateItemInput {
  patientId: string;
  itemId: string;
  /** 1..5; may be left out when `feedback` is given, which then supplies an implicit rating. */
  value?: number | null;
  feedback?: string | null;
}

/** Scores a feedback text from -1 to 1 (injectable so callers and tests can swap the analyser). */
export type FeedbackScorer = (feedback: string) => number;

export interface RatedItem {
  id: string;
  patientId: string;
  itemId: string;
  value: number;
  /** Sentiment of the feedback (-1..1), null without feedback. */
  sentiment: number | null;
  /** 'api' for an explicit value, 'feedback-sentiment' for a value implied by the feedback. */
  source: string;
  ratedAt: Date;
}

const clinicalFeedbackScore: FeedbackScorer = (feedback) => feedbackSentiment(feedback, { field: 'feedback', maxLength: 4000 }).score;

/**
 * Stores a patient's rating of a doctor or drug (1..5) with the sentiment of its feedback. A
 * feedback without a value becomes an implicit rating through `sentimentToRating` (-1 -> 1, 0 -> 3,
 * +1 -> 5), which the recommender then learns from like any other rating.
 */
export async function rateItem(db: Database, domain: ItemDomain, input: RateItemInput, scoreFeedback: FeedbackScorer = clinicalFeedbackScore): Promise<RatedItem> {
  const explicit = input.value ?? null;
  if (explicit !== null && (!Number.isFinite(explicit) || explicit < RATING_SCALE.min || explicit > RATING_SCALE.max)) {
    throw badInput('value', `must be from ${RATING_SCALE.min} to ${RATING_SCALE.max}, got ${explicit}`);
  }
  if (input.feedback && input.feedback.length > 4000) throw badInput('feedback', 'must be at most 4000 characters');
  const feedback = input.feedback?.trim() ? input.feedback : null;
  if (explicit === null && feedback === null) throw badInput('value', 'give a value, a feedback text, or both');
  await loadPatientProfile(db, input.patientId);
  const exists = domain === 'doctor' ? await db.client.doctor.findUnique({ where: { id: input.itemId }, select: { id: true } }) : await db.client.drug.findUnique({ where: { id: input.itemId }, select: { id: true } });
  if (!exists) throw notFound(domain === 'doctor' ? 'Doctor' : 'Drug', input.itemId);
  const sentiment = feedback === null ? null : scoreFeedback(feedback);
  const value = explicit ?? sentimentToRating(sentiment ?? 0, RATING_SCALE);
  const source = explicit === null ? 'feedback-sentiment' : 'api';
  const row = await db.client.rating.create({
    data: { patientId: input.patientId, value, feedback, sentiment, source, ...(domain === 'doctor' ? { doctorId: input.itemId } : { drugId: input.itemId }) },
  });
  return { id: row.id, patientId: row.patientId, itemId: input.itemId, value: row.value, sentiment: row.sentiment, source, ratedAt: row.ratedAt };
}
