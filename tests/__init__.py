"""The test suite (a package, so test files in subfolders may share basenames)."""
