DROP INDEX "hazards_text_trgm_idx";--> statement-breakpoint
ALTER TABLE "hazards" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(number || ' ' || location || ' ' || description)) STORED;--> statement-breakpoint
CREATE INDEX "hazards_search_text_trgm_idx" ON "hazards" USING gin ("search_text" gin_trgm_ops);