CREATE TABLE "dm_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"change" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dm_changes_change_check" CHECK ("dm_changes"."change" in ('renamed', 'participant_added', 'participant_left'))
);
--> statement-breakpoint
ALTER TABLE "dm_changes" ADD CONSTRAINT "dm_changes_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_changes" ADD CONSTRAINT "dm_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dm_changes" ADD CONSTRAINT "dm_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dm_changes_channel_idx" ON "dm_changes" USING btree ("channel_id","created_at");