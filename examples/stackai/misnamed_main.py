# A Stack AI node that defines Main instead of main, so the platform finds nothing to call (SA003).
def Main(args):
    return {"echo": args["in-0"]}
