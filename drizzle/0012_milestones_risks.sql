CREATE TABLE "milestones" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"name" text NOT NULL,
	"target_date" date NOT NULL,
	"budget_minutes" integer,
	"state" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"last_status" text,
	"last_status_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "risks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"text" text NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"owner_id" text,
	"mitigation" text,
	"milestone_id" integer,
	"state" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "milestone_id" integer;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "milestones_team_name_uq" ON "milestones" USING btree ("team_id","name");--> statement-breakpoint
CREATE INDEX "milestones_team_state_idx" ON "milestones" USING btree ("team_id","state");--> statement-breakpoint
CREATE INDEX "risks_team_state_idx" ON "risks" USING btree ("team_id","state");--> statement-breakpoint
CREATE INDEX "risks_owner_idx" ON "risks" USING btree ("workspace_id","owner_id","state");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_milestone_idx" ON "tasks" USING btree ("milestone_id");--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_likelihood_range" CHECK ("likelihood" BETWEEN 1 AND 5);--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_impact_range" CHECK ("impact" BETWEEN 1 AND 5);--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_budget_positive" CHECK ("budget_minutes" IS NULL OR "budget_minutes" > 0);
