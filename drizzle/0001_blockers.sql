CREATE TABLE "blockers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "blockers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"reporter_id" text NOT NULL,
	"owner_id" text,
	"text" text NOT NULL,
	"normalized" text NOT NULL,
	"source" text NOT NULL,
	"entry_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_date" date NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"announce_channel_id" text,
	"announce_thread_ts" text
);
--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blockers_team_status_idx" ON "blockers" USING btree ("team_id","status","opened_at");--> statement-breakpoint
CREATE INDEX "blockers_reporter_idx" ON "blockers" USING btree ("workspace_id","reporter_id","status");--> statement-breakpoint
CREATE INDEX "blockers_status_idx" ON "blockers" USING btree ("status");