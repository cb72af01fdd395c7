CREATE TABLE "installations" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"team_name" text,
	"app_id" text,
	"bot_user_id" text,
	"bot_id" text,
	"scopes" text,
	"installer_user_id" text,
	"bot_token" text,
	"bot_refresh_token" text,
	"bot_token_expires_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"installed_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"uninstalled_at" timestamp with time zone,
	"purge_after" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "installations_purge_idx" ON "installations" USING btree ("purge_after");