-- The name a unit is shown by ("Quận 3" for the district named "3"; issue 12).
-- Derived from name, kind and the parent's name by core/src/units.rs
-- (display_name); units stored before this column are filled in by the
-- server at start-up (seed::ensure_reference_data), where that rule lives.
ALTER TABLE units ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
