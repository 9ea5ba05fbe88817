"""Guide, brochure and guide index pages live here (built in the guides issue)."""
