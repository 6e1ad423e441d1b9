"""The actor-accusation network: graphs at each level, actor metrics, reciprocity and balance,
and the Gephi/visone exports."""
