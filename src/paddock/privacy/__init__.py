"""Privacy: a person's download of their data, erasure on request, retention of past editions.

A top-floor app: it reads and anonymises the data of every domain (accounts, participants,
meetings, check-in), which no domain app may do for the others.
"""
