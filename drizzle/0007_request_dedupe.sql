CREATE TABLE "request_dedupe" (
	"workspace_id" text NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_dedupe_workspace_id_key_pk" PRIMARY KEY("workspace_id","key")
);
--> statement-breakpoint
CREATE INDEX "request_dedupe_created_idx" ON "request_dedupe" USING btree ("created_at");