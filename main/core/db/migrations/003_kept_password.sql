-- The keychain account of a password the user chose to keep (for example for sudo later);
-- null when the password was used once and forgotten, which is the default.
ALTER TABLE servers ADD COLUMN password_secret_ref TEXT;
