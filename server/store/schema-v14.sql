-- Netpont database, migration 14 (PRAGMA user_version = 14): residents' year of birth, for the funders' report.
-- Applied after schema-v13.sql in one transaction; never edited once released.

-- Asked only with the resident's consent, for the usage report's age bands;
-- NULL = not known (the report counts those).
ALTER TABLE residents ADD COLUMN birth_year INTEGER
  CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100);
