# A Stack AI Python node that fails at run time (the run-error example): the upstream sample is not a number, so int() raises on line 6.


def main(args):
    text = args["in-0"]
    count = int(text)
    return {"count": count, "double": count * 2}
