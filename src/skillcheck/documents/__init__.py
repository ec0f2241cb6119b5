"""The JSON contracts: report, plan, team, history and listings, as values (schemas/ holds their schemas)."""
