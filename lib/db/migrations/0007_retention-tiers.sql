CREATE TABLE "target_kind_tiers" (
	"kind" text PRIMARY KEY NOT NULL,
	"tier_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"retention" text NOT NULL,
	"write_url" text NOT NULL,
	"read_url" text NOT NULL,
	"read_username" text,
	"read_password_sealed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "target_kind_tiers" ADD CONSTRAINT "target_kind_tiers_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE restrict ON UPDATE no action;