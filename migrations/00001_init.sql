-- +goose Up
-- placeholder replaced by the schema
SELECT 1;
-- +goose Down
SELECT 1;
