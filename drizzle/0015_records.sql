CREATE TABLE "hazard_deadline_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"hazard_id" integer NOT NULL,
	"kind" text NOT NULL,
	"from_date" date,
	"to_date" date NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text DEFAULT '' NOT NULL,
	"meeting_id" integer
);
--> statement-breakpoint
CREATE TABLE "document_numbers" (
	"number" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "short_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "hazards" ADD COLUMN "original_deadline" date;--> statement-breakpoint
ALTER TABLE "hazards" ADD COLUMN "listed_level" text;--> statement-breakpoint
ALTER TABLE "hazards" ADD COLUMN "listed_on" date;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD COLUMN "document_number" text;--> statement-breakpoint
ALTER TABLE "hazard_deadline_changes" ADD CONSTRAINT "hazard_deadline_changes_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_deadline_changes" ADD CONSTRAINT "hazard_deadline_changes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_deadline_changes" ADD CONSTRAINT "hazard_deadline_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazard_deadline_changes_hazard_idx" ON "hazard_deadline_changes" USING btree ("hazard_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_numbers_kind_year_seq_uq" ON "document_numbers" USING btree ("kind","year","seq");--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_orders_document_uq" ON "supervision_orders" USING btree ("document_number");--> statement-breakpoint
-- Backfill (hand-written): the original deadline is the one given at the first assignment.
UPDATE "hazards" SET "original_deadline" = coalesce((SELECT (e."data"->>'deadline')::date FROM "events" e WHERE e."entity_type" = 'hazard' AND e."entity_id" = "hazards"."id"::text AND e."action" = 'assigned' AND e."data"->>'deadline' ~ '^\d{4}-\d{2}-\d{2}$' ORDER BY e."id" LIMIT 1), "deadline") WHERE "deadline" IS NOT NULL;--> statement-breakpoint
-- Listings made before levels existed were district listings (区级挂牌督办).
UPDATE "hazards" SET "listed_level" = 'district', "listed_on" = ("listed_at" AT TIME ZONE 'Asia/Shanghai')::date WHERE "listed" AND "listed_level" IS NULL;--> statement-breakpoint
-- A meeting with issued minutes sat; an opened meeting whose time is over was held.
UPDATE "meetings" SET "opened_at" = coalesce("opened_at", "starts_at"), "closed_at" = greatest(coalesce("opened_at", "starts_at"), "ends_at") WHERE "id" IN (SELECT "meeting_id" FROM "meeting_minutes" WHERE "status" = 'issued');--> statement-breakpoint
UPDATE "meetings" SET "closed_at" = greatest("opened_at", "ends_at") WHERE "opened_at" IS NOT NULL AND "closed_at" IS NULL AND "ends_at" < now();--> statement-breakpoint
-- Numbers already given to minutes count: the next one of the year follows them.
INSERT INTO "document_numbers" ("number", "kind", "year", "seq", "taken_at") SELECT "document_number", 'minutes', (substring("document_number" from '〔(\d{4})〕'))::int, (substring("document_number" from '〕(\d+)号'))::int, coalesce("issued_at", now()) FROM "meeting_minutes" WHERE "document_number" ~ '〔\d{4}〕\d+号' ON CONFLICT DO NOTHING;
