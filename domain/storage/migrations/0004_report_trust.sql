-- The performance-management flags of a project (预算绩效管理情况: 事前绩效评估, 绩效监控,
-- 绩效自评), and the year settings the 三公 section and the report's headings need:
-- amounts in 分 and counts as JSON objects by key (a key absent is "not set", 0 is a
-- value), heading numbers by section ID. ADD COLUMN with a constant default leaves
-- every existing row as it was, in SQLite and PostgreSQL alike.
ALTER TABLE projects ADD COLUMN pre_assessed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE projects ADD COLUMN monitored BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE projects ADD COLUMN self_evaluated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE year_settings ADD COLUMN amounts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE year_settings ADD COLUMN counts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE year_settings ADD COLUMN headings TEXT NOT NULL DEFAULT '{}';
