CREATE INDEX "audit_log_entity_order_idx" ON "audit_log" USING btree ("entity","id");--> statement-breakpoint
CREATE INDEX "duplicate_reviews_queue_idx" ON "duplicate_reviews" USING btree ("status",((-"score")::bigint),"id");--> statement-breakpoint
CREATE INDEX "import_batches_created_idx" ON "import_batches" USING btree ("created_at","id");