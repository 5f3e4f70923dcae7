CREATE TABLE "images" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"community_id" uuid,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "images_owner_check" CHECK (("images"."user_id" is null) <> ("images"."community_id" is null) and ("images"."kind" = 'avatar') = ("images"."user_id" is not null)),
	CONSTRAINT "images_kind_check" CHECK ("images"."kind" in ('avatar', 'community_icon', 'community_banner'))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "avatar_url" text;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "images_user_idx" ON "images" USING btree ("user_id") WHERE "images"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "images_community_idx" ON "images" USING btree ("community_id") WHERE "images"."community_id" is not null;--> statement-breakpoint
-- Hand-written, as in 0008: however an image row is deleted (replaced, removed, or by the cascade of its account or
-- community), its blob is queued for the sweep (workers/files/sweep.ts).
CREATE TRIGGER "images_tombstone" AFTER DELETE ON "images" FOR EACH ROW EXECUTE FUNCTION "file_tombstone"();
