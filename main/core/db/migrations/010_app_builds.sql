-- Apps built from git or a local folder: a git app's deploy key (the public half; the private
-- key is in the OS keychain only, account app-deploy-key:<id>) and the commit each release was
-- built from.
ALTER TABLE apps ADD COLUMN deploy_key TEXT;
ALTER TABLE app_releases ADD COLUMN git_commit TEXT;
