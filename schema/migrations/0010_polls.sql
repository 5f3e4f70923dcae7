CREATE TABLE "poll_votes" (
	"message_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"answer" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "poll_votes_message_id_user_id_answer_pk" PRIMARY KEY("message_id","user_id","answer"),
	CONSTRAINT "poll_votes_answer_check" CHECK ("poll_votes"."answer" >= 0 and "poll_votes"."answer" < 10)
);
--> statement-breakpoint
ALTER TABLE "channel_events" DROP CONSTRAINT "channel_events_type_check";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "poll" jsonb;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_events" ADD CONSTRAINT "channel_events_type_check" CHECK ("channel_events"."type" in ('message_edited', 'message_deleted', 'reaction_added', 'reaction_removed', 'message_pinned', 'message_unpinned', 'poll_voted', 'poll_ended'));