CREATE TABLE "alert_states" (
	"member_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"starts_at" text NOT NULL,
	"status" text NOT NULL,
	"alertname" text NOT NULL,
	"target_id" text,
	"group_key" text NOT NULL,
	"notified_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_states_member_id_fingerprint_starts_at_pk" PRIMARY KEY("member_id","fingerprint","starts_at")
);
--> statement-breakpoint
CREATE TABLE "infra_components" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "infra_incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"component_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"starts_at" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "disabled_reason" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "notice" jsonb;--> statement-breakpoint
ALTER TABLE "targets" ADD COLUMN "depends_on" text;--> statement-breakpoint
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infra_incidents" ADD CONSTRAINT "infra_incidents_component_id_infra_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."infra_components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_states_firing_idx" ON "alert_states" USING btree ("member_id") WHERE status = 'firing';--> statement-breakpoint
CREATE UNIQUE INDEX "infra_incidents_occurrence_idx" ON "infra_incidents" USING btree ("component_id","fingerprint","starts_at");--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_depends_on_infra_components_id_fk" FOREIGN KEY ("depends_on") REFERENCES "public"."infra_components"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_pending_group_idx" ON "notifications" USING btree ("channel_id","group_key","created_at") WHERE state = 'pending';