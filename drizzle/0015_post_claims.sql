ALTER TABLE "standup_days" ADD COLUMN "parent_claim" text;--> statement-breakpoint
ALTER TABLE "standup_days" ADD COLUMN "parent_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "standup_days" ADD COLUMN "parent_claim_failed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "standup_entries" ADD COLUMN "reply_claim" text;--> statement-breakpoint
ALTER TABLE "standup_entries" ADD COLUMN "reply_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "standup_entries" ADD COLUMN "reply_claim_failed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Claims that older versions kept in the ts columns ("pending:<ms>", "failed:pending:<ms>") move to the claim columns.
UPDATE "standup_days" SET "parent_claim" = "parent_ts", "parent_claimed_at" = to_timestamp(substring("parent_ts" from '([0-9]+)$')::bigint / 1000.0), "parent_claim_failed" = "parent_ts" LIKE 'failed:%', "parent_ts" = NULL WHERE "parent_ts" LIKE 'pending:%' OR "parent_ts" LIKE 'failed:%';--> statement-breakpoint
UPDATE "standup_entries" SET "reply_claim" = "reply_ts", "reply_claimed_at" = to_timestamp(substring("reply_ts" from '([0-9]+)$')::bigint / 1000.0), "reply_claim_failed" = "reply_ts" LIKE 'failed:%', "reply_ts" = NULL WHERE "reply_ts" LIKE 'pending:%' OR "reply_ts" LIKE 'failed:%';
