ALTER TABLE "channel_groups" ADD COLUMN "icon" text;--> statement-breakpoint
ALTER TABLE "channel_groups" ADD COLUMN "accent_color" text;