import type { Clock } from '../shared/clock.ts';
import type { DeliveriesRepository } from './deliveries.repository.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { DeliveryStatus } from './deliveries.schema.ts';
import type { Bound } from '../shared/use-cases.ts';

/** Where a delivery stands after an attempt to send it now. */
export type DeliveryState = { status: DeliveryStatus | 'unknown'; lastError: string | null };

export type OutboxDeps = { deliveries: DeliveriesRepository; dispatcher: () => Dispatcher; clock: Clock };

/**
 * Sending what a person just asked for without waiting for the next tick: works these keys now
 * (if no other process holds them) and says where each stands; the tick retries what fails.
 */
export async function deliverNow(deps: OutboxDeps, keys: string[]): Promise<Map<string, DeliveryState>> {
  await deps.dispatcher().runKeys(keys, deps.clock.now());
  const states = new Map<string, DeliveryState>();
  for (const key of keys) {
    const d = await deps.deliveries.byKey(key);
    states.set(key, { status: d?.status ?? 'unknown', lastError: d?.lastError ?? null });
  }
  return states;
}

export const outboxUseCases = { deliverNow };
export type OutboxUseCases = Bound<typeof outboxUseCases, OutboxDeps>;
