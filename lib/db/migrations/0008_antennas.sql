CREATE TABLE "antennas" (
	"id" text PRIMARY KEY NOT NULL,
	"place_code" text NOT NULL,
	"tier_id" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"no_client_hours" integer DEFAULT 12 NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"password_sealed" text,
	"previous_password_sealed" text,
	"previous_valid_until" timestamp with time zone,
	"salt_sealed" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "antennas_place_code_unique" UNIQUE("place_code")
);
--> statement-breakpoint
ALTER TABLE "tiers" ADD COLUMN "writer_password_sealed" text;--> statement-breakpoint
ALTER TABLE "tiers" ADD COLUMN "reader_password_sealed" text;--> statement-breakpoint
ALTER TABLE "antennas" ADD CONSTRAINT "antennas_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE restrict ON UPDATE no action;