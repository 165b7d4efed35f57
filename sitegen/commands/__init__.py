"""The commands people run (sitegen build, validate, check, serve, new, init, import) and what they print."""
