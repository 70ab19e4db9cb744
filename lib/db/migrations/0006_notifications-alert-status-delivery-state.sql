ALTER TABLE "notifications" RENAME COLUMN "status" TO "alert_status";--> statement-breakpoint
ALTER TABLE "notifications" RENAME COLUMN "state" TO "delivery_state";--> statement-breakpoint
DROP INDEX "notifications_due_idx";--> statement-breakpoint
DROP INDEX "notifications_pending_group_idx";--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at") WHERE delivery_state = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_pending_group_idx" ON "notifications" USING btree ("channel_id","group_key","created_at") WHERE delivery_state = 'pending';