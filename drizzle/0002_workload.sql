CREATE TABLE "overload_warnings" (
	"team_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"week" text NOT NULL,
	"percent" integer NOT NULL,
	"warned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "overload_warnings_team_id_user_id_week_pk" PRIMARY KEY("team_id","user_id","week")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"title" text NOT NULL,
	"assignee_id" text NOT NULL,
	"created_by" text NOT NULL,
	"estimate_minutes" integer,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"source_url" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "default_estimate_hours" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "overload_warnings" ADD CONSTRAINT "overload_warnings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_team_status_idx" ON "tasks" USING btree ("team_id","status");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("workspace_id","assignee_id","status");--> statement-breakpoint
CREATE INDEX "tasks_done_idx" ON "tasks" USING btree ("team_id","done_at");