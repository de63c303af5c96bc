def Main(args):
    return {"echo": args["in-0"]}
