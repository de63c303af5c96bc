"""A node that breaks the Stack AI contract in several ways (see README.md)."""
import json
import yaml

CACHE = json.loads(open("cache.json").read())


def main(args):
    text = args["in-0"]
    tags = set(args["llm_0"]["tags"])
    if not text:
        return
    if len(text) > 100:
        return f"{text[:100]}..."
    if tags:
        return {"tags": tags, "count": len(tags)}
    print("nothing to do")
