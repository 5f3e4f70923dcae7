CREATE TABLE "link_embeds" (
	"url" text PRIMARY KEY NOT NULL,
	"embed" jsonb,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "suppress_embeds" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "link_embeds_fetched_idx" ON "link_embeds" USING btree ("fetched_at");