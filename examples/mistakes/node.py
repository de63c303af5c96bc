# The file of node "typo" in codenode.json: it exists, so that node shows only its misspelt dialect ("stackaii") and field ("timout").
def main(args):
    return {"ok": True}
