# Broken: returns that are not a bool or a list/tuple of bools, a bare return, and a path that falls off the end.
def run():
    attempts = coalesce({{custom.attempts}}, 0)
    if attempts > 5:
        return "true"
    if attempts > 3:
        return (True, 1)
    if attempts > 1:
        return
    print("no return on this path")
