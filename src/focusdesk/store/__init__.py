"""The SQLite log: schema, migrations and the repositories over it. No Qt."""
