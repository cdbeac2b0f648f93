-- Transaction::NextId on SQLite: the last id handed out per sequence name. PostgreSQL uses
-- real sequences instead (loyal_seq_<name>), created on first use.
CREATE TABLE id_sequences (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
