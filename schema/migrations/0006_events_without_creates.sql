-- A message's row is its message_created event (schema/messages.ts): the copies in channel_events go.
DELETE FROM "channel_events" WHERE "type" = 'message_created';--> statement-breakpoint
ALTER TABLE "channel_events" DROP CONSTRAINT "channel_events_type_check";--> statement-breakpoint
ALTER TABLE "channel_events" ADD CONSTRAINT "channel_events_type_check" CHECK ("channel_events"."type" in ('message_edited', 'message_deleted', 'reaction_added', 'reaction_removed', 'message_pinned', 'message_unpinned'));
