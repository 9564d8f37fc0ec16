# Submitted without answering anything.
