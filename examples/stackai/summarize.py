# A correct Stack AI Python node: it counts the words of args["in-0"] and passes on the sentiment of args["llm-0"] in a dict.
import json


def main(args):
    text = args["in-0"]
    sentiment = args["llm-0"]["sentiment"]
    return {"words": len(text.split()), "sentiment": sentiment}
