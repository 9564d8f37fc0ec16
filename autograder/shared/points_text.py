"""Points as people write them, in every sentence that names a score: 6, 1.5, 0.33."""


def points_text(value) -> str:
    """At most two decimals, no trailing zeros; a value that is not a number (None, "six") as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{round(float(value), 2):g}"
