DROP INDEX "hazards_found_idx";--> statement-breakpoint
DROP INDEX "hazards_level_idx";--> statement-breakpoint
DROP INDEX "hazards_school_found_idx";--> statement-breakpoint
DROP INDEX "hazards_state_found_idx";--> statement-breakpoint
DROP INDEX "hazards_category_found_idx";--> statement-breakpoint
DROP INDEX "hazards_town_found_idx";--> statement-breakpoint
DROP INDEX "hazards_lead_found_idx";--> statement-breakpoint
DROP INDEX "hazards_listed_idx";--> statement-breakpoint
DROP INDEX "notifications_user_idx";--> statement-breakpoint
DROP INDEX "notifications_department_idx";--> statement-breakpoint
DROP INDEX "notifications_school_idx";--> statement-breakpoint
DROP INDEX "notifications_role_idx";--> statement-breakpoint
CREATE INDEX "hazards_grade_found_idx" ON "hazards" USING btree ("grade","found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_source_found_idx" ON "hazards" USING btree ("source","found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_open_deadline_sort_idx" ON "hazards" USING btree (coalesce("deadline", '9999-12-31'::date),"id") WHERE "hazards"."state" NOT IN ('ACCEPTED','CLOSED','DISMISSED','WITHDRAWN');--> statement-breakpoint
CREATE INDEX "hazards_text_trgm_idx" ON "hazards" USING gin (("number" || ' ' || "location" || ' ' || "description") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "hazards_found_idx" ON "hazards" USING btree ("found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_level_idx" ON "hazards" USING btree ("level_rank" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_school_found_idx" ON "hazards" USING btree ("school_id","found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_state_found_idx" ON "hazards" USING btree ("state","found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_category_found_idx" ON "hazards" USING btree ("category_id","found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_town_found_idx" ON "hazards" USING btree ("town_id","found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_lead_found_idx" ON "hazards" USING btree ("lead_department_id","found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "hazards_listed_idx" ON "hazards" USING btree ("found_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "hazards"."listed";--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notifications_department_idx" ON "notifications" USING btree ("department_id","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notifications_school_idx" ON "notifications" USING btree ("school_id","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notifications_role_idx" ON "notifications" USING btree ("role","id" DESC NULLS FIRST);