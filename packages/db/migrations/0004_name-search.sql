CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "participants_name_key_trgm_idx" ON "participants" USING gin ("name_key" gin_trgm_ops);