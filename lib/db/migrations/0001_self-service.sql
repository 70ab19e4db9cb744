CREATE TABLE "silences" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"target_id" text,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"weekly" jsonb,
	"alert_fingerprint" text,
	"comment" text DEFAULT '' NOT NULL,
	"created_via" text NOT NULL,
	"alertmanager_id" text,
	"expired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "secret_ciphertext" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "min_severity" text DEFAULT 'info' NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "quiet_hours" jsonb;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "repeat_interval" text DEFAULT '4h' NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "message_retention_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "redacted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "paused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "silences" ADD CONSTRAINT "silences_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "silences" ADD CONSTRAINT "silences_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "silences_member_idx" ON "silences" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "notifications_member_idx" ON "notifications" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "targets_status_idx" ON "targets" USING btree ("status");