CREATE TABLE "hazard_departments" (
	"hazard_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"role" text NOT NULL,
	"task" text DEFAULT '' NOT NULL,
	"report" text DEFAULT '' NOT NULL,
	CONSTRAINT "hazard_departments_hazard_id_department_id_pk" PRIMARY KEY("hazard_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "hazard_photos" (
	"id" text PRIMARY KEY NOT NULL,
	"hazard_id" integer,
	"kind" text NOT NULL,
	"update_id" integer,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer,
	"height" integer,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_sequences" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"hazard_id" integer NOT NULL,
	"kind" text NOT NULL,
	"department_id" integer,
	"text" text NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"subject_type" text NOT NULL,
	"distance_band" text,
	"school_id" integer,
	"institution_id" integer,
	"town_id" integer NOT NULL,
	"location" text NOT NULL,
	"category_id" integer NOT NULL,
	"sub_item" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"source" text NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"found_by" text DEFAULT '' NOT NULL,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"grade" text,
	"scoring_method" text,
	"scoring_input" jsonb,
	"risk_score" numeric(10, 2),
	"risk_level" text,
	"level_rank" smallint DEFAULT 0 NOT NULL,
	"verified_by" text,
	"verified_at" timestamp with time zone,
	"dismiss_reason" text,
	"lead_department_id" integer,
	"assigned_to_school" boolean DEFAULT false NOT NULL,
	"deadline" date,
	"responsible_person" text DEFAULT '' NOT NULL,
	"measures" text DEFAULT '' NOT NULL,
	"funds" text DEFAULT '' NOT NULL,
	"contingency_plan" text DEFAULT '' NOT NULL,
	"assigned_by" text,
	"assigned_at" timestamp with time zone,
	"listed" boolean DEFAULT false NOT NULL,
	"listed_reason" text,
	"listed_by" text,
	"listed_at" timestamp with time zone,
	"interim_measures" text,
	"extension_requested_to" date,
	"extension_reason" text,
	"extension_requested_by" text,
	"rectified_by" text,
	"rectified_at" timestamp with time zone,
	"completion_note" text,
	"rejection_count" integer DEFAULT 0 NOT NULL,
	"accepted_by" text,
	"accepted_at" timestamp with time zone,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"recurrence_of_id" integer,
	"duplicate_of_id" integer,
	"remarks" text DEFAULT '' NOT NULL,
	"submission_key" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazards_subject_ck" CHECK (("hazards"."subject_type" = 'institution') = ("hazards"."institution_id" IS NOT NULL) AND ("hazards"."subject_type" = 'institution' OR "hazards"."school_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "notification_reads" (
	"notification_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_reads_notification_id_user_id_pk" PRIMARY KEY("notification_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"role" text,
	"user_id" text,
	"department_id" integer,
	"school_id" integer,
	"kind" text NOT NULL,
	"hazard_id" integer,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text DEFAULT '' NOT NULL,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hazard_departments" ADD CONSTRAINT "hazard_departments_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_departments" ADD CONSTRAINT "hazard_departments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_photos" ADD CONSTRAINT "hazard_photos_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_photos" ADD CONSTRAINT "hazard_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_updates" ADD CONSTRAINT "hazard_updates_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_updates" ADD CONSTRAINT "hazard_updates_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_updates" ADD CONSTRAINT "hazard_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_category_id_hazard_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."hazard_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_listed_by_users_id_fk" FOREIGN KEY ("listed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_extension_requested_by_users_id_fk" FOREIGN KEY ("extension_requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_rectified_by_users_id_fk" FOREIGN KEY ("rectified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazard_departments_dept_idx" ON "hazard_departments" USING btree ("department_id","hazard_id");--> statement-breakpoint
CREATE INDEX "hazard_photos_hazard_idx" ON "hazard_photos" USING btree ("hazard_id","kind");--> statement-breakpoint
CREATE INDEX "hazard_photos_pending_idx" ON "hazard_photos" USING btree ("uploaded_by") WHERE "hazard_photos"."hazard_id" IS NULL;--> statement-breakpoint
CREATE INDEX "hazard_updates_hazard_idx" ON "hazard_updates" USING btree ("hazard_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_number_uq" ON "hazards" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_year_seq_uq" ON "hazards" USING btree ("year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_submission_uq" ON "hazards" USING btree ("submission_key");--> statement-breakpoint
CREATE INDEX "hazards_found_idx" ON "hazards" USING btree ("found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_deadline_idx" ON "hazards" USING btree (coalesce("deadline", '9999-12-31'::date),"id");--> statement-breakpoint
CREATE INDEX "hazards_level_idx" ON "hazards" USING btree ("level_rank" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_school_found_idx" ON "hazards" USING btree ("school_id","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_state_found_idx" ON "hazards" USING btree ("state","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_category_found_idx" ON "hazards" USING btree ("category_id","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_town_found_idx" ON "hazards" USING btree ("town_id","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_lead_found_idx" ON "hazards" USING btree ("lead_department_id","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_open_deadline_idx" ON "hazards" USING btree ("deadline","id") WHERE "hazards"."state" NOT IN ('ACCEPTED','CLOSED','DISMISSED','WITHDRAWN') AND "hazards"."deadline" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "hazards_listed_idx" ON "hazards" USING btree ("found_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "hazards"."listed";--> statement-breakpoint
CREATE INDEX "hazards_search_idx" ON "hazards" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "hazards_dup_idx" ON "hazards" USING btree ("school_id","category_id","state");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_department_idx" ON "notifications" USING btree ("department_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_school_idx" ON "notifications" USING btree ("school_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_role_idx" ON "notifications" USING btree ("role","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("dedupe_key");