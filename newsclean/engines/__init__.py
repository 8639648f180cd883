"""Engines that run batch cleaning elsewhere than this machine's worker pool; each imported only when used."""
