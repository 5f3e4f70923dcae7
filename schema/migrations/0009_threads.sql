ALTER TABLE "channels" DROP CONSTRAINT "channels_kind_check";--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "root_message_id" uuid;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_parent_id_channels_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channels_parent_idx" ON "channels" USING btree ("parent_id") WHERE "channels"."parent_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "channels_root_message_key" ON "channels" USING btree ("root_message_id");--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_thread_parent_check" CHECK (("channels"."kind" = 'thread') = ("channels"."parent_id" is not null) and ("channels"."root_message_id" is null or "channels"."parent_id" is not null));--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_kind_check" CHECK ("channels"."kind" in ('text', 'voice', 'dm', 'group_dm', 'thread'));