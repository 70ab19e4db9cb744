ALTER TABLE "tier_moves" DROP CONSTRAINT "tier_moves_to_tier_id_tiers_id_fk";
--> statement-breakpoint
ALTER TABLE "tier_moves" ADD CONSTRAINT "tier_moves_to_tier_id_tiers_id_fk" FOREIGN KEY ("to_tier_id") REFERENCES "public"."tiers"("id") ON DELETE set null ON UPDATE no action;