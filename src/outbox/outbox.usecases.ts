import type { Clock } from '../shared/clock.ts';
import type { DeliveriesRepository } from './deliveries.repository.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { DeliveryStatus } from './deliveries.schema.ts';

/** Where a delivery stands after an attempt to send it now. */
export type DeliveryState = { status: DeliveryStatus | 'unknown'; lastError: string | null };

/** Sending what a person just asked for without waiting for the next tick; the tick retries what fails. */
export function createOutboxUseCases(deps: { deliveries: DeliveriesRepository; dispatcher: () => Dispatcher; clock: Clock }) {
  return {
    /** Works these keys now (if no other process holds them) and says where each stands. */
    async deliverNow(keys: string[]): Promise<Map<string, DeliveryState>> {
      await deps.dispatcher().runKeys(keys, deps.clock.now());
      const states = new Map<string, DeliveryState>();
      for (const key of keys) {
        const d = await deps.deliveries.byKey(key);
        states.set(key, { status: d?.status ?? 'unknown', lastError: d?.lastError ?? null });
      }
      return states;
    },
  };
}

export type OutboxUseCases = ReturnType<typeof createOutboxUseCases>;
