def main():
    return {"ok": True}


main()
