import json


def main(args):
    text = args["in-0"]
    sentiment = args["llm-0"]["sentiment"]
    return {"words": len(text.split()), "sentiment": sentiment}
