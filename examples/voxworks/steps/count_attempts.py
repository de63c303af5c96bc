# A counter: the same placeholder is read and written, so it increments from run to run.
def run():
    {{custom.attempts}} = coalesce({{custom.attempts}}, 0) + 1
    print("attempt", {{custom.attempts}})
    return {{custom.attempts}} <= 3
