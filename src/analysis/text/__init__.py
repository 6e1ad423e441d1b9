"""One article's text into spans: parsing, language, mentions, speakers and references, cues,
the one clause-boundary rule (`clauses`), word forms by lemma (`inflect`), extraction, time
expressions, numeric claims and the co-mention baseline. Imports nothing from the report layer
or plotting."""
