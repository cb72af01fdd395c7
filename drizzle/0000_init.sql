CREATE TABLE "slack_users" (
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"tz" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"is_bot" boolean DEFAULT false NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "slack_users_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"bot_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"team_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"kind" text DEFAULT 'text' NOT NULL,
	"required" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"is_manager" boolean DEFAULT false NOT NULL,
	"is_participant" boolean DEFAULT true NOT NULL,
	"capacity_hours" integer,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"name" text NOT NULL,
	"created_by" text NOT NULL,
	"working_days" integer[] DEFAULT '{1,2,3,4,5}'::integer[] NOT NULL,
	"prompt_time" text DEFAULT '09:30' NOT NULL,
	"tz_mode" text DEFAULT 'member' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"reminder_minutes" integer DEFAULT 120,
	"deadline_time" text DEFAULT '13:00' NOT NULL,
	"stakeholder_channel_id" text,
	"capacity_hours" integer DEFAULT 40 NOT NULL,
	"day_hours" integer DEFAULT 8 NOT NULL,
	"overload_threshold" integer DEFAULT 100 NOT NULL,
	"blocker_threshold_days" integer DEFAULT 2 NOT NULL,
	"digest_day" integer DEFAULT 5 NOT NULL,
	"digest_time" text DEFAULT '16:00' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "away_periods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "away_periods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standup_days" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "standup_days_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"team_id" integer NOT NULL,
	"date" date NOT NULL,
	"channel_id" text NOT NULL,
	"parent_ts" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standup_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "standup_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"team_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"date" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"prompt_at" timestamp with time zone,
	"prompt_channel_id" text,
	"prompt_ts" text,
	"answers" jsonb,
	"answered_at" timestamp with time zone,
	"edit_count" integer DEFAULT 0 NOT NULL,
	"reply_ts" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"result" jsonb,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduler_state" (
	"name" text PRIMARY KEY NOT NULL,
	"planned_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "slack_users" ADD CONSTRAINT "slack_users_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standup_days" ADD CONSTRAINT "standup_days_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standup_entries" ADD CONSTRAINT "standup_entries_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "slack_users_refreshed_idx" ON "slack_users" USING btree ("refreshed_at");--> statement-breakpoint
CREATE INDEX "questions_team_idx" ON "questions" USING btree ("team_id","position");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_channel_uq" ON "teams" USING btree ("workspace_id","channel_id");--> statement-breakpoint
CREATE INDEX "away_periods_user_idx" ON "away_periods" USING btree ("workspace_id","user_id","to_date");--> statement-breakpoint
CREATE UNIQUE INDEX "standup_days_team_date_uq" ON "standup_days" USING btree ("team_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "standup_entries_team_user_date_uq" ON "standup_entries" USING btree ("team_id","user_id","date");--> statement-breakpoint
CREATE INDEX "standup_entries_team_date_idx" ON "standup_entries" USING btree ("team_id","date");--> statement-breakpoint
CREATE INDEX "standup_entries_user_date_idx" ON "standup_entries" USING btree ("user_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_key_uq" ON "deliveries" USING btree ("key");--> statement-breakpoint
CREATE INDEX "deliveries_ready_idx" ON "deliveries" USING btree ("status","next_attempt_at");