import { deriveSeed, mulberry32 } from '../prng.js';
import { byCodeUnits } from './strata.js';

export interface ReviewAssignment {
  answerId: string;
  /** distinct reviewer ids */
  reviewers: string[];
}

/** One reviewer's review of one answer. */
export interface ReviewSlot {
  answerId: string;
  reviewer: string;
}

/** A slot given to `to`: taken from `from`, or newly filled (`from` null). */
export interface ReviewMove {
  answerId: string;
  from: string | null;
  to: string;
}

export interface AssignmentOptions {
  /** reviewers per answer (k) */
  perItem: number;
  seed: number;
}

export interface RebalanceOptions extends AssignmentOptions {
  /** reviews already given: never moved, even when their reviewer has left */
  done?: readonly ReviewSlot[];
}

export interface Rebalanced {
  /** sorted by answerId */
  assignments: ReviewAssignment[];
  moves: ReviewMove[];
}

const REVIEWERS_LABEL = 'reviewers';

interface Item {
  answerId: string;
  slots: (string | null)[];
  /** per slot, the reviewer it held before this call (for the move's `from`) */
  before: (string | null)[];
  done: Set<string>;
}

function checkInputs(current: readonly ReviewAssignment[], reviewers: readonly string[], options: RebalanceOptions): void {
  const k = options.perItem;
  if (!Number.isInteger(k) || k < 1) throw new Error(`reviewer assignment option perItem: expected an integer ≥ 1, got ${k}`);
  if (!Number.isSafeInteger(options.seed)) throw new Error(`reviewer assignment option seed: expected an integer, got ${options.seed}`);
  if (reviewers.some((r) => r === '') || new Set(reviewers).size !== reviewers.length) throw new Error('reviewer ids must be non-empty and distinct');
  if (k > reviewers.length) throw new Error(`perItem ${k} needs at least ${k} distinct reviewers, got ${reviewers.length}`);
  const ids = new Set<string>();
  for (const a of current) {
    if (ids.has(a.answerId)) throw new Error(`answer "${a.answerId}" is listed twice`);
    ids.add(a.answerId);
    if (new Set(a.reviewers).size !== a.reviewers.length) throw new Error(`answer "${a.answerId}" lists a reviewer twice`);
    if (a.reviewers.length > k) throw new Error(`answer "${a.answerId}" has ${a.reviewers.length} reviewers, more than perItem ${k}`);
  }
}

/** Picks uniformly among the reviewers with the lowest load: balance first, then seeded variety in who pairs up. */
function leastLoaded(candidates: readonly string[], load: ReadonlyMap<string, number>, random: () => number): string {
  const min = Math.min(...candidates.map((r) => load.get(r)!));
  const lowest = candidates.filter((r) => load.get(r) === min);
  return lowest[Math.floor(random() * lowest.length)]!;
}

/** Moves one pending slot from a reviewer with ≥ 2 more than another to that other; false when no such move exists. */
function moveOne(items: readonly Item[], reviewers: readonly string[], load: Map<string, number>, random: () => number): boolean {
  const byLoad = [...reviewers].sort((a, b) => load.get(b)! - load.get(a)! || byCodeUnits(a, b));
  for (const donor of byLoad) {
    for (const receiver of [...byLoad].reverse()) {
      if (load.get(donor)! - load.get(receiver)! < 2) break;
      const movable = items.filter((it) => it.slots.includes(donor) && !it.done.has(donor) && !it.slots.includes(receiver));
      if (movable.length === 0) continue;
      const item = movable[Math.floor(random() * movable.length)]!;
      item.slots[item.slots.indexOf(donor)] = receiver;
      load.set(donor, load.get(donor)! - 1);
      load.set(receiver, load.get(receiver)! + 1);
      return true;
    }
  }
  return false;
}

/**
 * Brings the assignments in line with the current reviewers, moving only what must move: pending slots of reviewers
 * no longer listed, empty slots (new answers, or fewer than k), then single slots from the most to the least loaded
 * reviewer while their counts differ by 2 or more. Done reviews stay where they are. Deterministic under the seed.
 */
export function rebalanceReviewers(current: readonly ReviewAssignment[], reviewers: readonly string[], options: RebalanceOptions): Rebalanced {
  checkInputs(current, reviewers, options);
  const present = new Set(reviewers);
  const random = mulberry32(deriveSeed(options.seed, REVIEWERS_LABEL));
  const load = new Map(reviewers.map((r) => [r, 0]));
  const items: Item[] = [...current]
    .sort((a, b) => byCodeUnits(a.answerId, b.answerId))
    .map((a) => {
      const before = [...a.reviewers, ...Array<null>(options.perItem - a.reviewers.length).fill(null)];
      return { answerId: a.answerId, slots: [...before], before, done: new Set<string>() };
    });
  const itemOf = new Map(items.map((it) => [it.answerId, it]));
  for (const d of options.done ?? []) {
    const item = itemOf.get(d.answerId);
    if (!item?.slots.includes(d.reviewer)) throw new Error(`done review of "${d.answerId}" by "${d.reviewer}" is not in the current assignments`);
    item.done.add(d.reviewer);
  }

  for (const item of items) {
    item.slots = item.slots.map((r) => (r !== null && (present.has(r) || item.done.has(r)) ? r : null));
    for (const r of item.slots) if (r !== null && present.has(r)) load.set(r, load.get(r)! + 1);
  }
  for (const item of items) {
    item.slots.forEach((r, i) => {
      if (r !== null) return;
      const pick = leastLoaded(reviewers.filter((c) => !item.slots.includes(c)), load, random);
      item.slots[i] = pick;
      load.set(pick, load.get(pick)! + 1);
    });
  }
  while (moveOne(items, reviewers, load, random));

  const moves: ReviewMove[] = items.flatMap((it) =>
    it.slots.flatMap((to, i) => (to !== it.before[i] ? [{ answerId: it.answerId, from: it.before[i] ?? null, to: to! }] : [])),
  );
  return { assignments: items.map((it) => ({ answerId: it.answerId, reviewers: it.slots as string[] })), moves };
}

/** Each answer to k distinct reviewers, counts balanced to within one, deterministic under the seed. */
export function assignReviewers(answerIds: readonly string[], reviewers: readonly string[], options: AssignmentOptions): ReviewAssignment[] {
  return rebalanceReviewers(answerIds.map((answerId) => ({ answerId, reviewers: [] })), reviewers, options).assignments;
}
