# A Stack AI node whose main() takes no args parameter (SA004) and which calls main() itself when loaded (SA020).
def main():
    return {"ok": True}


main()
