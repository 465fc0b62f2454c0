-- Apps on a cluster: deploys go through the cluster's manager (apps.server_id, as before), and
-- the release image is copied to every node that may run it before the rollout. Forgetting the
-- cluster in Pier leaves the app on the manager as a plain server app.
ALTER TABLE apps ADD COLUMN cluster_id TEXT REFERENCES clusters(id) ON DELETE SET NULL;
