ALTER TABLE "targets" ADD COLUMN "guard_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "guard_pause_reason" text;