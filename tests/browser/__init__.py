"""Real-browser tests: Playwright driving Debian chromium against the demo shop."""
