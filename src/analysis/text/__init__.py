"""One article's text into spans: parsing, language, mentions, speakers and references, cues,
extraction, time expressions, numeric claims and the co-mention baseline. Imports nothing from
the report layer or plotting."""
