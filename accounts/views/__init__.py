"""The accounts pages: ``account`` for each person's own (registering, signing in, their
account and two-factor sign-in), ``people`` for the programme team managing people and
organisations."""
