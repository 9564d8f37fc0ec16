"""What instructors and TAs read about a whole class: the class report and the grade exports.

Reads the gradebook, the autograded notebooks' feedback lines and the batch grader's
records; never runs student code and never shows hidden test source.
"""
