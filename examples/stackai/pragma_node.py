# codenode: stackai
# A file can be a Stack AI node without a manifest entry: its first line names the dialect. Its context is empty,
# so args keys are not checked and any import needs a manifest entry to declare it.
import json


def main(args):
    return json.dumps({"keys": sorted(args)})
