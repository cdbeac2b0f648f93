-- program/: every version of the loyalty program document, in full (the canonical JSON that
-- ProgramJson writes). Versions are numbered 1, 2, ... and never change once written; ledger
-- entries record the version that produced them. Shop-wide, so not customer-owned (a
-- reference table on Citus).
CREATE TABLE program_versions (
  version BIGINT NOT NULL PRIMARY KEY,
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL               -- "api key 3", "loyal program init"
);
