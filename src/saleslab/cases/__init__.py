"""The three case simulations of the course (B2B follow-up, retail complaints, product training)."""
