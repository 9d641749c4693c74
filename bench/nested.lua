-- wrk script: POSTs the nested query of the statement-count test.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ companies(first: 100) { edges { node { parent { name } commitments { edges { node { cities { name } } } } } } } }"}'
