"""Discussion insight for editors (issue 18): what a story's comments say, computed from them.

Pure computation on plain values (`InsightComment` in, `Insight` out): no database, no network,
deterministic for the same input. The services layer loads the comments, runs `analyse` in a
job and stores the answer; the dashboard and `/api/v1/.../insight` show it.
"""
