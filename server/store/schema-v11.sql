-- Netpont database, migration 11 (PRAGMA user_version = 11): words: display names of seed data in the site's language.
-- Applied after schema-v10.sql in one transaction; never edited once released.

-- A fee category gets a display name, as a tariff has its label: the name
-- stays the key scripts and settings use ("reduced"), the label is what
-- people read ("Kedvezményes"). The seed categories get their English
-- labels here; a Hungarian site's seeds are translated by netpontd (seeds.c)
-- when the site's language is chosen: new databases at --init-admin,
-- existing ones when an administrator sets site_language. The migration
-- cannot translate them itself, because before this migration a database
-- did not record its site's language.
ALTER TABLE categories ADD COLUMN label TEXT NOT NULL DEFAULT '';
UPDATE categories SET label = 'Standard' WHERE name = 'standard';
UPDATE categories SET label = 'Reduced' WHERE name = 'reduced';
UPDATE categories SET label = 'Exempt' WHERE name = 'exempt';
UPDATE categories SET label = name WHERE label = '';

-- The language the site's own data is written in (guests' names, the seed
-- tariffs and categories): a language code ("hu"), '' for English.
INSERT INTO settings (key, value) VALUES ('site_language', '');
