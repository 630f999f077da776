CREATE TABLE "resolution_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"resolution_id" integer NOT NULL,
	"action" text NOT NULL,
	"department_id" integer,
	"text" text DEFAULT '' NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resolution_supports" (
	"resolution_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	CONSTRAINT "resolution_supports_resolution_id_department_id_pk" PRIMARY KEY("resolution_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "resolutions" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer,
	"content" text NOT NULL,
	"lead_department_id" integer NOT NULL,
	"deadline" text NOT NULL,
	"feedback_schedule" text DEFAULT 'once' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"awaiting_confirmation" boolean DEFAULT false NOT NULL,
	"hazard_id" integer,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "resolution_notes" ADD CONSTRAINT "resolution_notes_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_notes" ADD CONSTRAINT "resolution_notes_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_notes" ADD CONSTRAINT "resolution_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_supports" ADD CONSTRAINT "resolution_supports_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_supports" ADD CONSTRAINT "resolution_supports_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resolution_notes_resolution_idx" ON "resolution_notes" USING btree ("resolution_id","id");--> statement-breakpoint
CREATE INDEX "resolution_supports_department_idx" ON "resolution_supports" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "resolutions_lead_idx" ON "resolutions" USING btree ("lead_department_id","deadline");--> statement-breakpoint
CREATE INDEX "resolutions_meeting_idx" ON "resolutions" USING btree ("meeting_id");