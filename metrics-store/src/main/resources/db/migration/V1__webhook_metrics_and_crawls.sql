-- Sluice's monitoring tables in schema webhook. Written so that it also upgrades the table of the worker Sluice
-- replaces (same name, fewer columns): every object is created only if missing and every column Sluice adds is added
-- only if missing, so the dashboards' existing rows and queries stay as they are.

-- Schema webhook itself is created by Flyway (MetricsDatabase), which keeps its history there.

-- One row per operation: batch_processing (one per batch), document_indexing (one per document) and one per stage
-- a document went through (cleaning, chunking, embedding, vector_upsert, bm25).
CREATE TABLE IF NOT EXISTS webhook.operation_metrics (
    id              bigserial PRIMARY KEY,
    "timestamp"     timestamptz NOT NULL DEFAULT now(),
    operation_type  text NOT NULL,
    operation_name  text,
    duration_ms     double precision,
    success         boolean NOT NULL DEFAULT true,
    error_message   text,
    document_url    text,
    job_id          text,
    crawl_id        text,
    extra_metadata  jsonb
);

ALTER TABLE webhook.operation_metrics ADD COLUMN IF NOT EXISTS batch_id text;
ALTER TABLE webhook.operation_metrics ADD COLUMN IF NOT EXISTS kafka_partition integer;
ALTER TABLE webhook.operation_metrics ADD COLUMN IF NOT EXISTS attempt integer;

CREATE INDEX IF NOT EXISTS operation_metrics_type_time_idx
    ON webhook.operation_metrics (operation_type, "timestamp");
CREATE INDEX IF NOT EXISTS operation_metrics_crawl_idx ON webhook.operation_metrics (crawl_id);
-- Retention deletes by age alone.
CREATE INDEX IF NOT EXISTS operation_metrics_time_idx ON webhook.operation_metrics ("timestamp");

-- One row per crawl (or batch scrape) job. The page counts and stage totals are derived from crawl_pages, so that
-- replaying events or outcomes never counts anything twice.
CREATE TABLE IF NOT EXISTS webhook.crawl_sessions (
    job_id                  text PRIMARY KEY,
    base_url                text,
    status                  text NOT NULL DEFAULT 'running',
    started_at              timestamptz,
    completed_at            timestamptz,
    first_page_at           timestamptz,
    last_outcome_at         timestamptz,
    pages_received          integer NOT NULL DEFAULT 0,
    pages_indexed           integer NOT NULL DEFAULT 0,
    pages_unchanged         integer NOT NULL DEFAULT 0,
    pages_failed            integer NOT NULL DEFAULT 0,
    crawler_pages_total     integer,
    crawler_pages_completed integer,
    crawler_pages_failed    integer,
    cleaning_ms             bigint NOT NULL DEFAULT 0,
    chunking_ms             bigint NOT NULL DEFAULT 0,
    embedding_ms            bigint NOT NULL DEFAULT 0,
    vector_upsert_ms        bigint NOT NULL DEFAULT 0,
    bm25_ms                 bigint NOT NULL DEFAULT 0,
    end_to_end_ms           bigint,
    error                   text,
    updated_at              timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS crawl_sessions_updated_idx ON webhook.crawl_sessions (updated_at);

-- One row per page of a job: known from its document, its outcome or the crawler's report that it failed. The key
-- makes every replay an update of the same row.
CREATE TABLE IF NOT EXISTS webhook.crawl_pages (
    job_id           text NOT NULL,
    document_id      text NOT NULL,
    url              text,
    received_at      timestamptz,
    status           text,
    processed_at     timestamptz,
    cleaning_ms      bigint NOT NULL DEFAULT 0,
    chunking_ms      bigint NOT NULL DEFAULT 0,
    embedding_ms     bigint NOT NULL DEFAULT 0,
    vector_upsert_ms bigint NOT NULL DEFAULT 0,
    bm25_ms          bigint NOT NULL DEFAULT 0,
    error_code       text,
    PRIMARY KEY (job_id, document_id)
);
