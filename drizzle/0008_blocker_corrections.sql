CREATE TABLE "blocker_corrections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "blocker_corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"normalized" text NOT NULL,
	"verdict" text NOT NULL,
	"blocker_id" integer,
	"by_user_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "blockers" ADD COLUMN "announce_key" text;--> statement-breakpoint
ALTER TABLE "blocker_corrections" ADD CONSTRAINT "blocker_corrections_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "blocker_corrections_team_key" ON "blocker_corrections" USING btree ("team_id","normalized");--> statement-breakpoint
CREATE INDEX "blocker_corrections_team_time_idx" ON "blocker_corrections" USING btree ("team_id","created_at");