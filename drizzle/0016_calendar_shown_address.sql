ALTER TABLE "calendar_feeds" ADD COLUMN "shown_address" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Feeds stored before this version: scheme and host of their (then plain) address, as replies showed it.
-- Sealing the addresses themselves needs the key, so it happens in code at start (availability.sealAddresses).
UPDATE "calendar_feeds" SET "shown_address" = substring("url" from '^(https?://[^/?#]+)') || '/…' WHERE "shown_address" = '' AND "url" ~ '^https?://[^/?#]+';
