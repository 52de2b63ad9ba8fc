-- Trigram matching of names at intake (people search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
