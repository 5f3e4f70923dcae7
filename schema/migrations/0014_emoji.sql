CREATE TABLE "community_emoji" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"animated" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_emoji_name_check" CHECK ("community_emoji"."name" ~ '^[a-z0-9_]{2,32}$')
);
--> statement-breakpoint
ALTER TABLE "images" DROP CONSTRAINT "images_kind_check";--> statement-breakpoint
ALTER TABLE "community_emoji" ADD CONSTRAINT "community_emoji_id_images_id_fk" FOREIGN KEY ("id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_emoji" ADD CONSTRAINT "community_emoji_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_emoji" ADD CONSTRAINT "community_emoji_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "community_emoji_name_key" ON "community_emoji" USING btree ("community_id","name");--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_kind_check" CHECK ("images"."kind" in ('avatar', 'community_icon', 'community_banner', 'emoji'));