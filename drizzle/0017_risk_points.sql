CREATE TABLE "risk_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"risk_point_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"scoring_method" text NOT NULL,
	"scoring_input" jsonb NOT NULL,
	"score" numeric(10, 2) NOT NULL,
	"level" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"next_review_on" date NOT NULL,
	"assessed_by" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"school_id" integer NOT NULL,
	"name" text NOT NULL,
	"place" text NOT NULL,
	"area" text NOT NULL,
	"distance_band" text,
	"category_id" integer NOT NULL,
	"hazard_factors" text NOT NULL,
	"consequences" text NOT NULL,
	"measures_engineering" text DEFAULT '' NOT NULL,
	"measures_management" text DEFAULT '' NOT NULL,
	"measures_personal" text DEFAULT '' NOT NULL,
	"measures_emergency" text DEFAULT '' NOT NULL,
	"responsible_person" text NOT NULL,
	"responsible_department_id" integer,
	"scoring_method" text NOT NULL,
	"scoring_input" jsonb NOT NULL,
	"score" numeric(10, 2) NOT NULL,
	"level" text NOT NULL,
	"level_rank" smallint NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"next_review_on" date NOT NULL,
	"assessment_count" integer DEFAULT 1 NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"retired_reason" text,
	"retired_at" timestamp with time zone,
	"retired_by" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_points_place_ck" CHECK (("risk_points"."place" = 'surroundings') = ("risk_points"."distance_band" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "hazards" ADD COLUMN "risk_point_id" integer;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_risk_point_id_risk_points_id_fk" FOREIGN KEY ("risk_point_id") REFERENCES "public"."risk_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_category_id_hazard_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."hazard_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_responsible_department_id_departments_id_fk" FOREIGN KEY ("responsible_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_retired_by_users_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_assessments_point_seq_uq" ON "risk_assessments" USING btree ("risk_point_id","seq");--> statement-breakpoint
CREATE INDEX "risk_points_school_idx" ON "risk_points" USING btree ("school_id","level_rank" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "risk_points_level_idx" ON "risk_points" USING btree ("level_rank" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "risk_points_review_idx" ON "risk_points" USING btree ("next_review_on","id") WHERE NOT "risk_points"."retired";--> statement-breakpoint
CREATE INDEX "risk_points_department_idx" ON "risk_points" USING btree ("responsible_department_id","id");--> statement-breakpoint
CREATE INDEX "risk_points_category_idx" ON "risk_points" USING btree ("category_id","id");--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_risk_point_id_risk_points_id_fk" FOREIGN KEY ("risk_point_id") REFERENCES "public"."risk_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazards_risk_point_idx" ON "hazards" USING btree ("risk_point_id","found_at" DESC NULLS LAST) WHERE "hazards"."risk_point_id" IS NOT NULL;