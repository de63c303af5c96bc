# Runs locally, but uses constructs the Voxworks docs never show: warnings that the platform may refuse them.
def run():
    items = json_loads(coalesce(input_1, "[]"))
    first = items[0] if items else None
    count = 0
    while count < 3:
        count += 1
    try:
        total = sum(items)
    except:
        total = 0
    return first is not None and total > 0
