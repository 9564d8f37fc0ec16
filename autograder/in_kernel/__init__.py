"""Code that runs beside the student's code, in the student's kernel: it may be lied to.

It looks the answer up and reports plain JSON facts (`collect_facts`), or runs
the visible checks a student sees before submitting (`visible_checks`). It
never decides a grade that the grader believes; it imports nothing from
`pipeline`.
"""
