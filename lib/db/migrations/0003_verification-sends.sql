CREATE TABLE "verification_sends" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"address_hash" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"failed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verification_sends" ADD CONSTRAINT "verification_sends_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "verification_sends_address_idx" ON "verification_sends" USING btree ("address_hash","sent_at");--> statement-breakpoint
CREATE INDEX "verification_sends_sent_at_idx" ON "verification_sends" USING btree ("sent_at");