ALTER TABLE "images" DROP CONSTRAINT "images_owner_check";--> statement-breakpoint
ALTER TABLE "images" DROP CONSTRAINT "images_kind_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "banner_url" text;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_owner_check" CHECK (("images"."user_id" is null) <> ("images"."community_id" is null) and ("images"."kind" in ('avatar', 'profile_banner')) = ("images"."user_id" is not null));--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_kind_check" CHECK ("images"."kind" in ('avatar', 'profile_banner', 'community_icon', 'community_banner', 'emoji'));